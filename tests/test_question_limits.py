"""Issue 11, item 4: every way in holds questions to the question blocks' limits, and
grading copes with stored values that slipped past them."""

import random

from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from quizzes.authoring import parse_pasted_gift
from quizzes.gift import GiftError
from quizzes.models import Attempt, QuizPage
from quizzes.services import start_attempt, submit_attempt
from tests.factories import make_course, single_choice, true_false
from tests.test_import import FRONT, LESSONS, write_module

BAD_QUESTIONS = [
    ("infinite points", "//@ points=Infinity\n::Q:: Fine? {TRUE}\n", "points"),
    ("huge points", "//@ points=99999999999\n::Q:: Fine? {TRUE}\n", "points"),
    ("tiny points", "//@ points=0.0001\n::Q:: Fine? {TRUE}\n", "points"),
    ("long title", f"::{'T' * 121}:: Fine? {{TRUE}}\n", "title"),
    ("long choice", f"::Q:: Who? {{={'a' * 501} ~b}}\n", "choices answer 1 text"),
    ("long feedback", f"::Q:: Who? {{=a #{'f' * 501} ~b}}\n", "choices answer 1 feedback"),
]


def pasted_problems(gift):
    with pytest.raises(GiftError) as excinfo:
        parse_pasted_gift(gift)
    return excinfo.value.problems


@pytest.mark.parametrize("label, gift, field", BAD_QUESTIONS, ids=[b[0] for b in BAD_QUESTIONS])
def test_import_refuses_what_paste_gift_refuses_with_the_same_message(
    catalog, tmp_path, label, gift, field
):
    problems = pasted_problems(gift)
    assert problems and all(message.startswith(field) for _, message in problems), problems
    path = write_module(tmp_path, FRONT + LESSONS, gift=gift)
    pages, revisions = Page.objects.count(), Revision.objects.count()

    with pytest.raises(CommandError) as excinfo:
        call_command("import_module", str(path))

    gift_path = path.with_suffix(".gift")
    for line, message in problems:
        assert f"{gift_path}:{line}: {message}" in str(excinfo.value)
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)


@pytest.mark.parametrize("stored", ["Infinity", "NaN", "99999999999", "-3", None])
def test_a_stored_bad_points_value_counts_zero_and_the_submit_still_closes(
    catalog, learner, stored
):
    # As if saved before the limits were checked: written straight into the page.
    bad = single_choice(points="1")
    bad["value"]["points"] = stored
    course = make_course(catalog, questions=[bad, true_false()])
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner, rng=random.Random(1))
    attempt.questions[0]["points"] = stored  # the frozen copy holds the bad value too
    Attempt.objects.filter(pk=attempt.pk).update(questions=attempt.questions)
    attempt.refresh_from_db()
    answers = {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions}

    attempt, _ = submit_attempt(attempt, answers)

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.max_points == 1 and attempt.score_points == 1  # the true/false only
    assert attempt.score_percent == 100 and attempt.passed
