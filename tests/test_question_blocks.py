"""Editor-side validation of question blocks (what the page editor refuses to save)."""

import json

from django.core.exceptions import ValidationError

import pytest

from quizzes.blocks import MultipleSelectQuestionBlock, SingleChoiceQuestionBlock
from quizzes.models import QuizPage
from tests.factories import make_course, single_choice


def value(block, **overrides):
    raw = {
        "title": "",
        "prompt": "Who refers?",
        "topic": "",
        "points": "1",
        "explanation": "",
        "choices": [
            {"type": "item", "id": "a", "value": {"text": "A", "correct": True, "feedback": ""}},
            {"type": "item", "id": "b", "value": {"text": "B", "correct": False, "feedback": ""}},
        ],
        "scoring": "partial",
        **overrides,
    }
    return block.to_python(raw)


def choices(*flags):
    return [
        {"type": "item", "id": f"c{i}", "value": {"text": f"C{i}", "correct": flag, "feedback": ""}}
        for i, flag in enumerate(flags)
    ]


@pytest.mark.parametrize(
    "block, overrides, message",
    [
        (SingleChoiceQuestionBlock(), {"choices": choices(True, True)}, "exactly one"),
        (SingleChoiceQuestionBlock(), {"choices": choices(False, False)}, "exactly one"),
        (SingleChoiceQuestionBlock(), {"choices": choices(True)}, "minimum number of items is 2"),
        (MultipleSelectQuestionBlock(), {"choices": choices(False, False, False)}, "at least one"),
        (SingleChoiceQuestionBlock(), {"points": "0"}, "greater than or equal to 0.01"),
        (SingleChoiceQuestionBlock(), {"prompt": ""}, "This field is required"),
    ],
)
def test_invalid_questions_are_refused(block, overrides, message):
    with pytest.raises(ValidationError) as excinfo:
        block.clean(value(block, **overrides))
    assert message in json.dumps(excinfo.value.as_json_data())


def test_valid_questions_pass():
    block = MultipleSelectQuestionBlock()
    block.clean(value(block, choices=choices(True, True, False)))


def test_drawing_more_questions_than_the_pool_is_refused(catalog):
    course = make_course(catalog, quiz=False)
    quiz = QuizPage(title="Quiz", slug="quiz", questions=[single_choice()], questions_per_attempt=5)
    with pytest.raises(ValidationError, match="Only 1 question in the pool"):
        course.add_child(instance=quiz)


def test_a_quiz_must_live_at_quiz(catalog):
    course = make_course(catalog, quiz=False)
    with pytest.raises(ValidationError, match="set its slug to 'quiz'"):
        course.add_child(instance=QuizPage(title="Exam", slug="exam"))
