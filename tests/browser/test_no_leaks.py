"""An open attempt's page never carries the served questions' explanations or feedback."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage
from quizzes.models import Attempt

from .helpers import hidden_texts, leaked_texts, log_in, wrong_choices

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "No-leaks-2026!"


def test_attempt_pages_hold_back_explanations_and_feedback(page, url, make_user):
    learner = make_user(email="leak.check@example.com", password=PASSWORD)
    log_in(page, url, learner.email, PASSWORD)

    for course in CoursePage.objects.order_by("code"):
        # The launch quizzes open once every lesson has been opened.
        for lesson in LessonPage.objects.child_of(course).live():
            page.goto(url(lesson.url))
        page.goto(url(f"{course.url}quiz/"))
        page.get_by_role("button", name="Start attempt 1").click()
        expect(page).to_have_url(re.compile(r"/quiz/attempt/\d+/$"))
        attempt = Attempt.objects.get(learner=learner, quiz__url_path__contains=course.slug)
        secrets = hidden_texts(attempt.questions)
        # Every served question has an explanation; the choices carry their feedback.
        assert len(secrets) > len(attempt.questions), course.code
        assert leaked_texts(page.content(), secrets) == [], course.code

        # Still nothing after saving answers and coming back to the attempt.
        for question in attempt.questions:
            for choice_id in wrong_choices(question):
                page.locator(f'input[name="q-{question["id"]}"][value="{choice_id}"]').check()
        page.get_by_role("button", name="Save answers").click()
        expect(page.get_by_role("status")).to_contain_text("Your answers are saved.")
        expect(page.locator("#attempt-form input:checked")).not_to_have_count(0)
        assert leaked_texts(page.content(), secrets) == [], course.code
