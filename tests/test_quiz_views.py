import re

from django.test import Client

import pytest

from quizzes.models import Attempt, QuizPage
from quizzes.services import start_attempt, submit_attempt
from tests.factories import make_course, multiple_select, single_choice, true_false


@pytest.fixture
def quiz(catalog):
    course = make_course(
        catalog, questions=[single_choice(), multiple_select(), true_false()], attempts_allowed=3
    )
    return QuizPage.objects.child_of(course).get()


def attempt_url(quiz, attempt):
    return f"{quiz.url}attempt/{attempt.pk}/"


def test_visitors_are_asked_to_log_in(client, quiz):
    html = client.get(quiz.url).content.decode()
    assert "Log in to take the quiz" in html
    response = client.post(quiz.url + "start/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Attempt.objects.exists()


def test_start_needs_post_and_a_csrf_token(quiz, learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.get(quiz.url + "start/").status_code == 405
    assert client.post(quiz.url + "start/").status_code == 403
    assert not Attempt.objects.exists()


def test_answers_never_reach_the_browser_before_submission(client, quiz, learner):
    client.force_login(learner)
    response = client.post(quiz.url + "start/")
    attempt = Attempt.objects.get()
    assert response["Location"] == attempt_url(quiz, attempt)
    html = client.get(attempt_url(quiz, attempt)).content.decode()
    for question in attempt.questions:
        assert question["explanation"] not in html
        for choice in question["choices"]:
            assert choice["text"] in html
            if choice["feedback"]:
                assert choice["feedback"] not in html
    assert "SECRET" not in html
    assert not re.search(r"\bcorrect\b", html, re.IGNORECASE)
    # Each question is a fieldset with a legend, each input has a label.
    assert html.count("<fieldset") == html.count("<legend") == 3
    for input_id in re.findall(r'<input type="(?:radio|checkbox)"[^>]*id="([^"]+)"', html):
        assert f'<label for="{input_id}">' in html


def test_save_and_resume_without_javascript(client, quiz, learner):
    client.force_login(learner)
    client.post(quiz.url + "start/")
    attempt = Attempt.objects.get()
    question = attempt.questions[0]
    choice = question["choices"][1]["id"]
    response = client.post(
        attempt_url(quiz, attempt), {"action": "save", f"q-{question['id']}": choice}
    )
    assert response.status_code == 200
    saved = response.content.decode()
    assert "Your answers are saved." in saved
    assert re.search(rf'value="{choice}"\s+checked', saved)
    html = client.get(attempt_url(quiz, attempt)).content.decode()
    assert re.search(rf'value="{choice}"\s+checked', html)
    assert "Your answers are saved." not in html  # the message was shown once
    assert "Resume attempt 1" in client.get(quiz.url).content.decode()


def test_submit_shows_the_result_and_a_second_submit_the_same_one(client, quiz, learner):
    client.force_login(learner)
    client.post(quiz.url + "start/")
    attempt = Attempt.objects.get()
    answers = {
        f"q-{q['id']}": [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions
    }
    first = client.post(attempt_url(quiz, attempt), {"action": "submit", **answers})
    second = client.post(attempt_url(quiz, attempt), {"action": "submit"})
    assert first["Location"] == second["Location"] == attempt_url(quiz, attempt) + "result/"
    html = client.get(first["Location"]).content.decode()
    assert "Passed" in html and "you scored 100%" in html
    attempt.refresh_from_db()
    assert attempt.score_percent == 100


def test_failed_attempt_review_follows_the_policy(client, quiz, learner):
    client.force_login(learner)
    attempt = start_attempt(quiz, learner)
    submit_attempt(attempt, {})
    html = client.get(attempt_url(quiz, attempt) + "result/").content.decode()
    assert "Not passed" in html
    assert "SECRET" not in html  # only after passing
    assert "shown once you pass" in html
    assert "Start attempt 2" in html


def test_review_of_answers_shows_right_and_wrong_but_not_the_key(client, quiz, learner):
    quiz.review_level, quiz.review_timing = "answers", "every_attempt"
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    client.force_login(learner)
    attempt = start_attempt(quiz, learner)
    submit_attempt(attempt, {})
    html = client.get(attempt_url(quiz, attempt) + "result/").content.decode()
    assert "incorrect" in html
    assert "(correct answer)" not in html and "SECRET" not in html


def test_review_with_explanations_after_passing(client, quiz, learner):
    client.force_login(learner)
    attempt = start_attempt(quiz, learner)
    answers = {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions}
    submit_attempt(attempt, answers)
    html = client.get(attempt_url(quiz, attempt) + "result/").content.decode()
    assert "SECRET-EXPLANATION" in html and "(correct answer)" in html


def test_learners_cannot_open_each_others_attempts(client, quiz, learner, make_user):
    attempt = start_attempt(quiz, learner)
    other = make_user()
    client.force_login(other)
    assert client.get(attempt_url(quiz, attempt)).status_code == 404
    assert client.post(attempt_url(quiz, attempt), {"action": "submit"}).status_code == 404
    assert client.get(attempt_url(quiz, attempt) + "result/").status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open


def test_submission_queries_do_not_grow_with_questions(
    client, catalog, learner, django_assert_max_num_queries
):
    def submit(n):
        course = make_course(catalog, questions=[single_choice() for _ in range(n)])
        quiz = QuizPage.objects.child_of(course).get()
        attempt = start_attempt(quiz, learner)
        data = {"action": "submit"}
        for q in attempt.questions:
            data[f"q-{q['id']}"] = q["choices"][0]["id"]
        return quiz, attempt, data

    client.force_login(learner)
    quiz, attempt, data = submit(5)
    with django_assert_max_num_queries(30) as small:
        client.post(attempt_url(quiz, attempt), data)
    quiz, attempt, data = submit(50)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.post(attempt_url(quiz, attempt), data)
    attempt.refresh_from_db()
    assert not attempt.is_open


def test_module_page_shows_enrolment_and_progress(client, catalog, learner):
    course = make_course(catalog, lessons=2)
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Enrol in this module" in html and "0% complete" in html
    assert client.post(course.url + "enroll/").status_code == 302
    lesson = course.get_children().live().first()
    client.get(lesson.url)
    html = client.get(course.url).content.decode()
    assert "Enrol in this module" not in html
    assert "Lessons opened: 1 of 2" in html
    assert "33% complete" in html


def test_dashboard_lists_the_learners_own_modules_and_attempts(
    client, catalog, learner, make_user, django_assert_max_num_queries
):
    course = make_course(catalog, lessons=2)
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner)
    submit_attempt(attempt, {})
    other = make_user()
    other_course = make_course(catalog, lessons=1)
    start_attempt(QuizPage.objects.child_of(other_course).get(), other)

    client.force_login(learner)
    client.get("/dashboard/")
    with django_assert_max_num_queries(12):
        html = client.get("/dashboard/").content.decode()
    assert course.code in html and "0 of 2 lessons opened" in html
    assert f"attempt/{attempt.pk}/result/" in html and "Not passed" in html
    assert other_course.code not in html


def test_dashboard_needs_login(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
