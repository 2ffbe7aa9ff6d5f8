"""Submitting with blanks asks first (no JavaScript needed); the page's buttons and hints."""

import re

import pytest

from quizzes.models import Attempt, QuizPage
from tests.factories import make_course, multiple_select, single_choice


@pytest.fixture
def quiz(catalog):
    select_two = multiple_select()
    select_two["value"]["prompt"] = "Which two are in scope for a trainer? Select two."
    course = make_course(catalog, questions=[single_choice(), multiple_select(), select_two])
    return QuizPage.objects.child_of(course).get()


@pytest.fixture
def attempt(client, quiz, learner):
    client.force_login(learner)
    client.post(quiz.url + "start/")
    return Attempt.objects.get()


def attempt_url(quiz, attempt):
    return f"{quiz.url}attempt/{attempt.pk}/"


def right(question):
    return [c["id"] for c in question["choices"] if c["correct"]]


def test_submitting_with_unanswered_questions_asks_first(client, quiz, attempt):
    first, *rest = attempt.questions
    response = client.post(
        attempt_url(quiz, attempt), {"action": "submit", f"q-{first['id']}": right(first)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 questions not answered" in html
    assert '<a href="#question-2">2</a>, <a href="#question-3">3</a>' in html
    attempt.refresh_from_db()
    assert attempt.is_open  # not graded yet, but the answer given is kept
    assert attempt.responses == {first["id"]: right(first)}
    assert re.search(rf'value="{right(first)[0]}"\s+checked', html)

    response = client.post(
        attempt_url(quiz, attempt),
        {"action": "submit_anyway", f"q-{first['id']}": right(first)},
    )
    assert response.status_code == 302 and response["Location"].endswith("/result/")
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.responses == {first["id"]: right(first)}


def test_a_complete_paper_is_graded_straight_away(client, quiz, attempt):
    answers = {f"q-{q['id']}": right(q) for q in attempt.questions}
    response = client.post(attempt_url(quiz, attempt), {"action": "submit", **answers})
    assert response.status_code == 302 and response["Location"].endswith("/result/")


def test_submit_is_the_primary_button_and_hints_are_not_doubled(client, quiz, attempt):
    html = client.get(attempt_url(quiz, attempt)).content.decode()
    assert re.search(r'value="submit" id="submit-attempt" class="button button--primary"', html)
    assert re.search(r'value="save" class="button button--secondary"', html)
    legends = re.findall(r"<legend>(.*?)</legend>", html, re.S)
    by_prompt = {("Select two." in legend): legend for legend in legends if "scope" in legend}
    assert "(Select all that apply.)" in by_prompt[False]
    assert "(Select all that apply.)" not in by_prompt[True]
