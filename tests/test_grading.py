"""Table-driven tests of the pure grading function; no database."""

from decimal import Decimal
from fractions import Fraction

import pytest

from quizzes.grading import grade_attempt, question_fraction


def q(kind, correct, wrong, points="1", scoring=None, qid="q"):
    question = {
        "id": qid,
        "type": kind,
        "points": points,
        "choices": [{"id": c, "correct": True} for c in correct]
        + [{"id": w, "correct": False} for w in wrong],
    }
    if scoring:
        question["scoring"] = scoring
    return question


SINGLE = q("single_choice", ["a"], ["b", "c"])
TRUE_FALSE = q("true_false", ["false"], ["true"])
ALL_OR_NOTHING = q("multiple_select", ["a", "b"], ["c", "d"], scoring="all_or_nothing")
PARTIAL = q("multiple_select", ["a", "b", "c"], ["d", "e"], scoring="partial")


@pytest.mark.parametrize(
    "question, picked, expected",
    [
        (SINGLE, ["a"], 1),
        (SINGLE, ["b"], 0),
        (SINGLE, [], 0),
        (SINGLE, ["a", "b"], 0),  # two picks on a single-choice question earn nothing
        (SINGLE, ["zzz"], 0),  # an unknown choice id counts as no answer
        (TRUE_FALSE, ["false"], 1),
        (TRUE_FALSE, ["true"], 0),
        (ALL_OR_NOTHING, ["a", "b"], 1),
        (ALL_OR_NOTHING, ["b", "a"], 1),
        (ALL_OR_NOTHING, ["a"], 0),
        (ALL_OR_NOTHING, ["a", "b", "c"], 0),
        (ALL_OR_NOTHING, [], 0),
        (PARTIAL, ["a", "b", "c"], 1),
        (PARTIAL, ["a"], Fraction(1, 3)),
        (PARTIAL, ["a", "b"], Fraction(2, 3)),
        (PARTIAL, ["a", "b", "d"], Fraction(1, 3)),  # a wrong pick cancels a right one
        (PARTIAL, ["a", "d", "e"], 0),  # never below zero
        (PARTIAL, ["a", "b", "c", "d", "e"], Fraction(1, 3)),  # ticking everything does not pay
        (PARTIAL, [], 0),
    ],
)
def test_question_fraction(question, picked, expected):
    assert question_fraction(question, set(picked)) == expected


def quiz_of(n_questions, points="1"):
    return [
        q("single_choice", ["a"], ["b"], points=points, qid=f"q{i}") for i in range(n_questions)
    ]


def right(questions, n):
    return {question["id"]: ["a"] for question in questions[:n]}


@pytest.mark.parametrize(
    "n_questions, n_right, pass_mark, percent, passed",
    [
        (10, 10, 80, "100.00", True),  # all right
        (10, 0, 80, "0.00", False),  # all wrong
        (10, 8, 80, "80.00", True),  # exactly at the mark passes
        (10, 7, 80, "70.00", False),
        (3, 2, 67, "66.66", False),  # 66.67 rounded up would wrongly pass
        (3, 2, 66, "66.66", True),
        (7, 6, 85, "85.71", True),
        (1, 0, 1, "0.00", False),
    ],
)
def test_totals_rounding_and_pass_mark(n_questions, n_right, pass_mark, percent, passed):
    questions = quiz_of(n_questions)
    grade = grade_attempt(questions, right(questions, n_right))
    assert grade.percent == Decimal(percent)
    assert grade.passed(pass_mark) is passed


def test_empty_responses_score_zero_and_fail():
    grade = grade_attempt(quiz_of(5), {})
    assert grade.awarded == 0 and grade.possible == 5
    assert not grade.passed(1)
    assert all(not result.answered for result in grade.results)


def test_points_weight_questions():
    questions = [
        q("single_choice", ["a"], ["b"], points="3", qid="heavy"),
        q("single_choice", ["a"], ["b"], points="1", qid="light"),
    ]
    grade = grade_attempt(questions, {"heavy": ["a"]})
    assert (grade.awarded, grade.possible) == (3, 4)
    assert grade.percent == Decimal("75.00")


def test_partial_credit_adds_up_exactly_to_the_pass_mark():
    # 1/3 + 2/3 + 3 right answers on 1-point questions = 4 of 5 = 80% exactly.
    questions = [
        q("multiple_select", ["a", "b", "c"], ["d"], scoring="partial", qid="m1"),
        q("multiple_select", ["a", "b", "c"], ["d"], scoring="partial", qid="m2"),
        *quiz_of(3),
    ]
    responses = {"m1": ["a"], "m2": ["a", "b"], **right(questions[2:], 3)}
    grade = grade_attempt(questions, responses)
    assert grade.awarded == 4
    assert grade.percent == Decimal("80.00")
    assert grade.passed(80)


def test_an_empty_quiz_never_passes():
    grade = grade_attempt([], {})
    assert grade.percent == Decimal("0.00")
    assert not grade.passed(1)


def weighted(*weights, scoring="partial"):
    """A multiple-answer question whose choices a, b, c... carry these weights (percent)."""
    return {
        "id": "w",
        "type": "multiple_select",
        "points": "1",
        "scoring": scoring,
        "choices": [
            {"id": chr(97 + i), "correct": Decimal(w) > 0, "weight": w}
            for i, w in enumerate(weights)
        ],
    }


@pytest.mark.parametrize(
    "weights, picked, expected",
    [
        (("50", "50", "-100"), "ab", 1),
        (("50", "50", "-100"), "a", Fraction(1, 2)),
        (("50", "50", "-100"), "ac", 0),  # floors at 0
        (("50", "50", "-100"), "abc", 0),  # a -100% answer takes everything off
        (("50", "50", "-50"), "abc", Fraction(1, 2)),
        (("60", "40", "0"), "a", Fraction(3, 5)),  # unequal weights count as written
        (("60", "40", "0"), "bc", Fraction(2, 5)),
        (("100", "-25", "-25"), "ab", Fraction(3, 4)),
        (("33.333", "33.333", "33.333", "-100"), "abc", 1),  # read as shares of their total
    ],
)
def test_multiple_answers_add_each_picked_weight_as_moodle_does(weights, picked, expected):
    assert question_fraction(weighted(*weights), set(picked)) == expected


def test_all_or_nothing_keeps_its_rule_with_weights():
    question = weighted("50", "50", "-100", scoring="all_or_nothing")
    assert question_fraction(question, {"a", "b"}) == 1
    assert question_fraction(question, {"a"}) == 0


def test_questions_frozen_before_weights_keep_their_grading():
    # No "weight" key: right picks less wrong picks over the right answers, as before.
    legacy = q("multiple_select", ["a", "b"], ["c"], scoring="partial")
    assert question_fraction(legacy, {"a", "b", "c"}) == Fraction(1, 2)
    assert question_fraction(legacy, {"a", "c"}) == 0
