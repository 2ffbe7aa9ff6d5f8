"""Property: GIFT export -> import -> export is the identity on generated quizzes.

Generated text is full of what GIFT gives a meaning to (~ = # { } : % \\ and line breaks,
CRLF included) and non-ASCII letters; multiple-answer questions carry generated weights.
"""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.gift import write_gift
from quizzes.grading import right_weights_problem
from quizzes.importing import parse_checked_gift
from tests.test_gift_weights import stored

SPECIAL = "~=#{}:%\\-> [/]$"
PIECES = [*SPECIAL, *"aZé中ß0", "\n", "\r\n", "//", "->", "\t", "[markdown]", "####"]
text = (
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=20)
    .map("".join)
    .filter(lambda value: value.strip())
)
one_line = text.map(lambda value: " ".join(value.split())).filter(bool)
points = st.sampled_from(["1", "2", "0.5", "0.25", "3.75", "9999.99"])


@st.composite
def weights(draw, right, wrong):
    """Right answers' weights adding up to 100 exactly; wrong ones from -100 to 0."""
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=right - 1, max_size=right - 1)))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 10000], strict=True)]
    if any(share <= 0 for share in shares):
        shares = [10000 // right] * (right - 1) + [10000 - 10000 // right * (right - 1)]
    positive = [Decimal(share) / 100 for share in shares]
    negative = [-Decimal(draw(st.integers(0, 10000))) / 100 for _ in range(wrong)]
    assert not right_weights_problem(positive + negative)
    return [str(w) for w in positive], [str(w) for w in negative]


@st.composite
def question(draw, number):
    kind = draw(st.sampled_from(["single_choice", "multiple_select", "true_false"]))
    base = {
        "id": f"q{number}",
        "type": kind,
        "title": draw(st.one_of(st.just(""), one_line.map(lambda t: t[:100]))),
        "prompt": draw(text),
        "topic": draw(st.one_of(st.just(""), one_line)),
        "points": draw(points),
        "explanation": draw(st.one_of(st.just(""), text)),
    }
    feedback = st.one_of(st.just(""), text)
    if kind == "true_false":
        answer = draw(st.sampled_from(["true", "false"]))
        base["choices"] = [
            {"id": key, "text": key.title(), "correct": key == answer, "feedback": draw(feedback)}
            for key in ("true", "false")
        ]
        return base
    right = 1 if kind == "single_choice" else draw(st.integers(1, 3))
    wrong = draw(st.integers(1 if kind == "single_choice" else 0, 3))
    if right + wrong < 2:
        wrong = 1
    choices = [
        {"id": f"c{i}", "text": draw(text), "correct": i < right, "feedback": draw(feedback)}
        for i in range(right + wrong)
    ]
    if kind == "multiple_select":
        base["scoring"] = draw(st.sampled_from(["partial", "all_or_nothing"]))
        if draw(st.booleans()):  # else: saved before weights were stored
            positive, negative = draw(weights(right, wrong))
            for choice, weight in zip(choices, positive + negative, strict=True):
                choice["weight"] = weight
        else:
            for choice in choices:
                choice["weight"] = None
    base["choices"] = choices
    return base


quizzes = st.integers(1, 4).flatmap(lambda n: st.tuples(*(question(i) for i in range(n))))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quizzes)
def test_export_import_export_is_the_identity(questions):
    once = write_gift(list(questions))
    parse_checked_gift(once)  # what Paste GIFT and import_module accept
    assert write_gift(stored(once)) == once
