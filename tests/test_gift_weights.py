"""Issue 11, item 13: GIFT answer weights are stored as written, graded as Moodle grades
them, exported back unchanged; attempts keep the rule they were frozen with."""

import json
import random

from django.core.exceptions import ValidationError

import pytest

from quizzes.blocks import MultipleSelectQuestionBlock
from quizzes.gift import parse_gift, write_gift
from quizzes.importing import gift_to_stream_data
from quizzes.models import QuizPage
from quizzes.questions import freeze_pool
from quizzes.services import start_attempt, submit_attempt
from tests.factories import make_course, multiple_select, publish

WEIGHTED = "::W:: Which are in scope? {\n\t~%50%Foam rolling\n\t~%50%PNF\n\t~%-100%Massage\n}\n"


def stored(gift_text):
    """Parse GIFT into question blocks and freeze them, as an attempt would serve them."""
    stream_block = QuizPage._meta.get_field("questions").stream_block
    return freeze_pool(stream_block.to_python(gift_to_stream_data(parse_gift(gift_text))))


def test_export_writes_the_weights_the_file_gave():
    exported = write_gift(stored(WEIGHTED))
    assert "~%-100%Massage" in exported
    assert exported.count("~%50%") == 2


@pytest.mark.parametrize(
    "choices",
    [
        "~%60%a ~%40%b ~%-25%c",
        "~%100%a ~%-33.33333%b ~c",  # a '~' without a weight stays without one
        "~%33.333%a ~%33.333%b ~%33.334%c ~%-100%d",
    ],
)
def test_unequal_weights_round_trip_unchanged(choices):
    text = f"Pick. {{{choices}}}"
    once = write_gift(stored(text))
    assert write_gift(stored(once)) == once
    body = once.split("{", 1)[1]
    assert [part.split("%")[1] if "%" in part else "" for part in body.split("~")[1:]] == [
        part.split("%")[1] if "%" in part else "" for part in choices.split("~")[1:]
    ]


def set_weights(question, *weights):
    for choice, weight in zip(question["value"]["choices"], weights, strict=True):
        choice["value"]["weight"] = weight
    return question


def all_three(attempt):
    return {q["id"]: [c["id"] for c in q["choices"]] for q in attempt.questions}


def test_attempts_keep_the_rule_they_were_frozen_with(catalog, make_user):
    course = make_course(catalog, questions=[multiple_select(points="2")])
    quiz = QuizPage.objects.child_of(course).get()
    early, late = make_user(), make_user()
    before = start_attempt(quiz, early, rng=random.Random(1))
    old_done, _ = submit_attempt(start_attempt(quiz, make_user()), {})
    old_score = old_done.score_points

    # The editor gives the wrong answer -100%: it now takes away everything.
    quiz.questions = [set_weights(multiple_select(points="2"), "50", "50", "-100")]
    publish(quiz)
    after = start_attempt(quiz, late, rng=random.Random(1))

    before, _ = submit_attempt(before, all_three(before))
    after, _ = submit_attempt(after, all_three(after))
    assert before.score_points == 1  # frozen without weights: 2 right - 1 wrong of 2
    assert after.score_points == 0  # 50 + 50 - 100
    old_done.refresh_from_db()
    assert old_done.score_points == old_score  # a submitted attempt is never regraded


def block_value(*weights, correct=(True, True, False)):
    block = MultipleSelectQuestionBlock()
    return block, block.to_python(
        {
            "title": "",
            "prompt": "Pick.",
            "topic": "",
            "points": "1",
            "explanation": "",
            "scoring": "partial",
            "choices": [
                {
                    "type": "item",
                    "id": f"c{i}",
                    "value": {"text": f"C{i}", "correct": flag, "feedback": "", "weight": weight},
                }
                for i, (flag, weight) in enumerate(zip(correct, weights, strict=True))
            ],
        }
    )


@pytest.mark.parametrize(
    "weights, message",
    [
        (("50", None, "-50"), "Give every answer a weight, or leave every weight blank."),
        (("50", "40", "-50"), "add up to 100% (they add up to 90%)"),
        (("100", "-10", "10"), "Mark as correct exactly the answers whose weight is above 0%."),
    ],
)
def test_the_editor_refuses_weights_that_cannot_grade(weights, message):
    block, value = block_value(*weights)
    with pytest.raises(ValidationError) as excinfo:
        block.clean(value)
    assert message in json.dumps(excinfo.value.as_json_data())


@pytest.mark.parametrize("weights", [(None, None, None), ("60", "40", "-100")])
def test_the_editor_accepts_blank_or_complete_weights(weights):
    block, value = block_value(*weights)
    block.clean(value)
