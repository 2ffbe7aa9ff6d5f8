"""Item analysis over submitted attempts: the numbers, the flags, the CSV and the queries."""

import csv
import io
from decimal import Decimal
from fractions import Fraction

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from quizzes.grading import grade_attempt, to_decimal
from quizzes.models import Attempt, QuizPage
from quizzes.questions import freeze_pool
from quizzes.reports import (
    QuestionStats,
    group_size,
    item_analysis,
    write_item_analysis_csv,
)
from quizzes.services import start_attempt, submit_attempt
from tests.factories import make_course


@pytest.fixture
def quiz(catalog):
    course = make_course(catalog, lessons=0)
    return QuizPage.objects.child_of(course).get()


def add_attempt(quiz, learner, questions, responses, *, score, status="submitted", number=1):
    """An Attempt row graded from its responses, with a chosen score to fix its rank."""
    grade = grade_attempt(questions, responses)
    submitted = status == Attempt.Status.SUBMITTED
    return Attempt.objects.create(
        quiz=quiz,
        learner=learner,
        number=number,
        questions=questions,
        responses=responses,
        results={
            r.question_id: {
                "awarded": str(to_decimal(r.awarded)),
                "possible": str(to_decimal(r.possible)),
                "correct": r.fully_correct,
            }
            for r in grade.results
        },
        status=status,
        pass_mark=80,
        submitted_at=timezone.now() if submitted else None,
        score_percent=Decimal(score) if submitted else None,
        passed=score >= 80 if submitted else None,
    )


def choice_ids(question):
    right = next(c["id"] for c in question["choices"] if c["correct"])
    wrong = next(c["id"] for c in question["choices"] if not c["correct"])
    return right, wrong


@pytest.mark.parametrize(
    ("attempts", "size"),
    [(0, 0), (1, 0), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2), (10, 3), (50, 14), (100, 27)],
)
def test_group_size_is_27_percent_with_at_least_one(attempts, size):
    assert group_size(attempts) == size


@pytest.mark.parametrize(
    ("lower", "upper", "served", "correct", "flagged"),
    [
        # D exactly 0.2 is fine; 0.6 - 0.4 in floats would be 0.1999… and flagged.
        ([5, 2], [5, 3], 10, 5, False),
        ([5, 3], [5, 3], 10, 6, True),  # D = 0
        ([5, 0], [5, 5], 10, 2, True),  # share 0.2 < 0.3
        ([5, 4], [5, 5], 20, 20, True),  # share 1.0 > 0.95
        ([0, 0], [0, 0], 1, 0, True),  # no D with one attempt, but too hard
        ([0, 0], [0, 0], 1, 1, True),  # no D with one attempt, but too easy
    ],
)
def test_review_flag_uses_exact_thresholds(lower, upper, served, correct, flagged):
    stats = QuestionStats(
        id="q", label="Q", type="single_choice", served=served, fully_correct=correct
    )
    stats.lower, stats.upper = lower, upper
    assert stats.needs_review is flagged


def test_discrimination_is_none_below_two_attempts(quiz, learner):
    questions = freeze_pool(quiz.questions)
    right, _ = choice_ids(questions[0])
    add_attempt(quiz, learner, questions, {questions[0]["id"]: [right]}, score=50)

    analysis = item_analysis(quiz)

    assert analysis.attempts == 1
    assert analysis.group_size == 0
    assert all(question.discrimination is None for question in analysis.questions)


def test_no_attempts_gives_an_empty_analysis(quiz):
    analysis = item_analysis(quiz)
    assert (analysis.attempts, analysis.pass_rate, analysis.mean_score_percent) == (0, None, None)
    assert analysis.questions == []


@pytest.fixture
def hand_made(quiz, make_user, catalog):
    """Ten submitted attempts scoring 0, 10, … 90; the groups are the bottom and top 3.

    Single choice: right at ranks 2, 4, 5, 7, 8, 9; wrong at 0, 3, 6; unanswered at 1.
    True/false: everyone right. A retired question (not in the pool any more) was served
    at ranks 0 (wrong) and 9 (right). An open attempt and another quiz's attempt are noise.
    """
    single, true_false = freeze_pool(quiz.questions)
    right, wrong = choice_ids(single)
    retired = {**single, "id": "retired-question", "title": "Retired question"}
    for rank in range(10):
        questions = [single, true_false] + ([retired] if rank in (0, 9) else [])
        picks = {true_false["id"]: ["false"]}
        if rank in (2, 4, 5, 7, 8, 9):
            picks[single["id"]] = [right]
        elif rank in (0, 3, 6):
            picks[single["id"]] = [wrong]
        if rank in (0, 9):
            picks["retired-question"] = [right if rank == 9 else wrong]
        add_attempt(quiz, make_user(), questions, picks, score=10 * rank)
    add_attempt(quiz, make_user(), [single], {single["id"]: [wrong]}, score=0, status="in_progress")
    other_quiz = QuizPage.objects.child_of(make_course(catalog, lessons=0)).get()
    add_attempt(other_quiz, make_user(), [single], {single["id"]: [wrong]}, score=0)
    return {"single": single, "true_false": true_false, "right": right, "wrong": wrong}


def test_item_analysis_numbers_on_hand_made_attempts(quiz, hand_made):
    analysis = item_analysis(quiz)

    assert analysis.attempts == 10
    assert analysis.passed == 2
    assert analysis.pass_rate == Fraction(1, 5)
    assert analysis.mean_score_percent == Decimal("45.00")
    assert analysis.group_size == 3
    by_id = {question.id: question for question in analysis.questions}
    # Pool questions first in the editor's order, then questions only in old snapshots.
    assert list(by_id) == [
        hand_made["single"]["id"],
        hand_made["true_false"]["id"],
        "retired-question",
    ]

    single = by_id[hand_made["single"]["id"]]
    assert single.label == "Who should give a client a massage?"
    assert (single.served, single.fully_correct, single.unanswered) == (10, 6, 1)
    assert single.share_correct == Fraction(3, 5)
    assert single.discrimination == Fraction(2, 3)  # upper 3/3 - lower 1/3
    assert not single.needs_review
    picks = {
        choice.id: (choice.correct, choice.picked, choice.share) for choice in single.choice_list
    }
    assert picks == {
        hand_made["right"]: (True, 6, Fraction(3, 5)),
        hand_made["wrong"]: (False, 3, Fraction(3, 10)),
    }

    true_false = by_id[hand_made["true_false"]["id"]]
    assert true_false.share_correct == 1
    assert true_false.discrimination == 0
    assert true_false.review_reasons == [
        "discrimination below 0.2",
        "more than 95% answer it correctly",
    ]
    assert [(c.id, c.correct, c.picked) for c in true_false.choice_list] == [
        ("true", False, 0),
        ("false", True, 10),
    ]

    retired = by_id["retired-question"]
    assert retired.label == "Retired question"
    assert (retired.served, retired.fully_correct) == (2, 1)
    assert retired.discrimination == 1
    assert [q.id for q in analysis.flagged] == [hand_made["true_false"]["id"]]


def test_item_analysis_over_attempts_made_through_the_services(catalog, make_user, rng):
    course = make_course(catalog, lessons=0)
    quiz = QuizPage.objects.child_of(course).get()
    for learner_number in range(4):
        attempt = start_attempt(quiz, make_user(), rng=rng)
        answers = {}
        for question in attempt.questions:
            right, wrong = choice_ids(question)
            answers[question["id"]] = [right if learner_number < 3 else wrong]
        submit_attempt(attempt, answers)

    analysis = item_analysis(quiz)

    assert (analysis.attempts, analysis.passed, analysis.mean_score_percent) == (
        4,
        3,
        Decimal("75.00"),
    )
    for question in analysis.questions:
        assert (question.served, question.fully_correct) == (4, 3)
        assert question.discrimination == 1  # the top attempt right, the bottom one wrong


def test_csv_has_a_row_per_question(quiz, hand_made):
    out = io.StringIO()
    write_item_analysis_csv(item_analysis(quiz), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))

    assert [row["question_id"] for row in rows] == [
        hand_made["single"]["id"],
        hand_made["true_false"]["id"],
        "retired-question",
    ]
    single = rows[0]
    assert single["times_served"] == "10"
    assert single["share_correct_percent"] == "60.0"
    assert single["discrimination"] == "0.67"
    assert single["review"] == ""
    assert rows[1]["review"].startswith("discrimination below 0.2")


def test_csv_cells_cannot_start_a_formula(quiz, learner):
    questions = freeze_pool(quiz.questions)
    # A question no longer in the pool is labelled from its snapshot.
    questions[0] = {**questions[0], "id": "old", "title": "=HYPERLINK(1)"}
    add_attempt(quiz, learner, questions, {}, score=0)
    out = io.StringIO()
    write_item_analysis_csv(item_analysis(quiz), out)
    assert "'=HYPERLINK(1)" in out.getvalue()


def make_attempts(quiz, make_user, count):
    questions = freeze_pool(quiz.questions)
    right, wrong = choice_ids(questions[0])
    for n in range(count):
        picks = {questions[0]["id"]: [right if n % 2 else wrong]}
        add_attempt(quiz, make_user(), questions, picks, score=n % 101)


@pytest.mark.parametrize("count", [5, 50])
def test_item_analysis_queries_do_not_grow_with_attempts(
    quiz, make_user, count, django_assert_max_num_queries
):
    make_attempts(quiz, make_user, count)
    with django_assert_max_num_queries(2) as captured:
        analysis = item_analysis(quiz)
    assert analysis.attempts == count
    # Only the columns the analysis reads are loaded.
    assert "started_at" not in captured.captured_queries[-1]["sql"]


def test_report_view_queries_are_the_same_for_5_and_50_attempts(client, quiz, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("quizzes_admin:item_analysis", args=[quiz.pk])
    counts = []
    for count in (5, 45):  # 5, then 50 in all
        make_attempts(quiz, make_user, count)
        client.get(url)  # warm per-process caches (content types, site root)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
