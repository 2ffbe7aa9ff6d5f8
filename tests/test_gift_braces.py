"""Issue 11, item 5: an answer block left open never swallows the next question."""

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import Page

import pytest

from quizzes.gift import GiftError, parse_gift
from quizzes.models import QuizPage
from tests.factories import make_course
from tests.test_import import FRONT, LESSONS, write_module

UNCLOSED = """\
::Q1:: Who refers massage requests? {
  =A licensed massage therapist
  ~The trainer

::Q2:: Massage is licensed in the UK. {FALSE}

::Q3:: Who washes the towels? {=The gym ~The client}
"""
NEVER_CLOSED = "the answer block opened with '{' is never closed"


def problems_of(text):
    with pytest.raises(GiftError) as excinfo:
        parse_gift(text)
    return excinfo.value.problems


@pytest.mark.parametrize(
    "text, line, message",
    [
        (UNCLOSED, 1, NEVER_CLOSED),
        ("::Q1:: One {=a ~b\n::Q2:: Two {=c ~d}\n", 1, NEVER_CLOSED),  # no blank line between
        ("\n\n::Q1::\nFirst line\nsecond {=a ~b\n\nQ2 {T}\n", 5, NEVER_CLOSED),
        ("Q1 \\n escaped newline {=a ~b\n\nQ2 {T}\n", 1, NEVER_CLOSED),
        ("Q1 {=a ~b}}\n\nQ2 {T}\n", 1, "a second '}' after the answer block closed"),
        ("Q1 {=a ~b} and {=c ~d}\n", 1, "a second '{' after the answer block closed"),
        ("Q1 } text {=a ~b}\n", 1, "a '}' with no '{' before it"),
    ],
)
def test_a_broken_answer_block_is_refused_at_its_line(text, line, message):
    problems = problems_of(text)
    assert any(ln == line and message in msg for ln, msg in problems), problems


def test_the_questions_after_an_unclosed_block_are_still_read_on_their_own():
    # Only the broken question is reported: the next ones parse cleanly.
    assert problems_of(UNCLOSED) == [(1, NEVER_CLOSED)]
    fixed = UNCLOSED.replace("~The trainer\n", "~The trainer\n}\n")
    assert [q.title for q in parse_gift(fixed)] == ["Q1", "Q2", "Q3"]


def test_a_blank_line_inside_a_closed_block_is_still_allowed():
    (question,) = parse_gift("Who? {\n  =a\n\n  ~b\n}\n")
    assert [c.text for c in question.choices] == ["a", "b"]


def test_import_module_refuses_the_unclosed_brace_with_file_and_line(catalog, tmp_path):
    path = write_module(tmp_path, FRONT + LESSONS, gift=UNCLOSED)
    pages = Page.objects.count()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_module", str(path))
    assert f"{path.with_suffix('.gift')}:1: {NEVER_CLOSED}" in str(excinfo.value)
    assert Page.objects.count() == pages


def test_paste_gift_refuses_the_unclosed_brace_and_adds_nothing(catalog, admin_client):
    quiz = QuizPage.objects.child_of(make_course(catalog, lessons=0)).get()
    revision = quiz.latest_revision_id
    response = admin_client.post(
        reverse("quizzes_admin:gift_import", args=[quiz.pk]), {"gift": UNCLOSED}
    )
    assert response.status_code == 200
    assert f"line 1: {NEVER_CLOSED}" in response.content.decode().replace("&#x27;", "'")
    quiz.refresh_from_db()
    assert quiz.latest_revision_id == revision
