"""Properties of grading on generated weights, picks and stored points."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.grading import grade_attempt, question_fraction


@st.composite
def weighted_question(draw):
    """A multiple-answer question whose right answers' weights add up to exactly 100%."""
    right = draw(st.integers(1, 5))
    cuts = sorted(draw(st.sets(st.integers(1, 9999), min_size=right - 1, max_size=right - 1)))
    positive = [Fraction(b - a, 100) for a, b in zip([0, *cuts], [*cuts, 10000], strict=True)]
    negative = draw(st.lists(st.integers(-10000, 0).map(lambda n: Fraction(n, 100)), max_size=5))
    weights = positive + negative
    question = {
        "id": "q",
        "type": "multiple_select",
        "points": "1",
        "scoring": "partial",
        "choices": [
            {"id": f"c{i}", "correct": w > 0, "weight": str(Decimal(w.numerator) / w.denominator)}
            for i, w in enumerate(weights)
        ],
    }
    picked = draw(st.sets(st.sampled_from([c["id"] for c in question["choices"]])))
    return question, dict(zip((c["id"] for c in question["choices"]), weights, strict=True)), picked


@settings(max_examples=400, deadline=None)
@given(weighted_question())
def test_partial_credit_is_moodles_arithmetic_within_0_and_1(case):
    question, weights, picked = case
    share = question_fraction(question, picked)
    moodle = min(
        Fraction(1), max(Fraction(0), sum((weights[c] for c in picked), Fraction(0)) / 100)
    )
    assert share == moodle
    assert 0 <= share <= 1


@settings(max_examples=400, deadline=None)
@given(weighted_question(), st.sampled_from(["partial", "all_or_nothing"]), st.data())
def test_adding_a_right_answer_never_lowers_the_score(case, scoring, data):
    question, weights, picked = case
    question = {**question, "scoring": scoring}
    right = data.draw(st.sampled_from([c for c, w in weights.items() if w > 0]))
    assert question_fraction(question, picked | {right}) >= question_fraction(question, picked)


stored_points = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1", "2.5", "0.01", "9999.99", "-1", "0", "1e400", "", None]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(stored_points, st.booleans()), min_size=0, max_size=8))
def test_a_grade_is_between_0_and_100_whatever_was_stored(items):
    questions = [
        {
            "id": f"q{i}",
            "type": "single_choice",
            "points": points,
            "choices": [{"id": "a", "correct": True}, {"id": "b", "correct": False}],
        }
        for i, (points, _) in enumerate(items)
    ]
    responses = {f"q{i}": ["a"] for i, (_, right) in enumerate(items) if right}
    grade = grade_attempt(questions, responses)
    assert Decimal(0) <= grade.percent <= Decimal(100)
    assert 0 <= grade.awarded <= grade.possible
