"""axe-core on the pages of the learner's path: no serious or critical violations."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from quizzes.models import Attempt

from .helpers import correct_choices, log_in, serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Axe-checks-2026!"


def choose(page, questions, pick):
    for question in questions:
        for choice_id in pick(question):
            page.locator(f'input[name="q-{question["id"]}"][value="{choice_id}"]').check()


def test_learner_pages_have_no_serious_axe_violations(page, url, make_user):
    course = CoursePage.objects.get(code="CEC-SOP-101")
    lesson = LessonPage.objects.child_of(course).live().order_by("path").first()
    quiz_path = f"{course.url}quiz/"
    problems = []

    def check(label):
        problems.extend(serious_axe_violations(page, label))

    page.goto(url("/courses/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Course catalog")
    check("catalog /courses/")

    page.goto(url(course.url))
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    check(f"module {course.url}")

    page.goto(url(lesson.url))
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    check(f"lesson {lesson.url}")

    learner = make_user(email="axe.learner@example.com", password=PASSWORD)
    log_in(page, url, learner.email, PASSWORD)

    page.goto(url(course.url))
    expect(page.get_by_role("region", name="Your progress")).to_be_visible()
    check(f"module, logged in {course.url}")
    # The launch quizzes open once every lesson has been opened.
    for each in LessonPage.objects.child_of(course).live():
        page.goto(url(each.url))

    page.goto(url(quiz_path))
    expect(page.get_by_role("button", name="Start attempt 1")).to_be_visible()
    check(f"quiz landing {quiz_path}")

    page.get_by_role("button", name="Start attempt 1").click()
    expect(page).to_have_url(re.compile(r"/quiz/attempt/\d+/$"))
    first = Attempt.objects.get(learner=learner, number=1)
    check(f"attempt page {page.url}")

    # Submitting with nothing answered asks first; submitted anyway, it fails and the
    # result shows the score only.
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.get_by_role("alert")).to_contain_text("questions not answered")
    check(f"attempt page, confirm unanswered {page.url}")
    page.get_by_role("button", name="Submit with unanswered questions").click()
    expect(page.get_by_role("status")).to_contain_text("Not passed")
    check(f"result page, not passed {page.url}")

    # Skip the 10-minute wait after a failed attempt by moving submitted_at back.
    first.refresh_from_db()
    Attempt.objects.filter(pk=first.pk).update(
        submitted_at=first.submitted_at - timedelta(minutes=11)
    )
    page.goto(url(quiz_path))
    expect(page.get_by_role("table")).to_be_visible()
    check(f"quiz landing with attempts {quiz_path}")

    page.get_by_role("button", name="Start attempt 2").click()
    expect(page).to_have_url(re.compile(r"/quiz/attempt/\d+/$"))
    second = Attempt.objects.get(learner=learner, number=2)
    choose(page, second.questions, correct_choices)
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers are saved.")
    check(f"attempt page with answers saved {page.url}")

    page.get_by_role("button", name="Submit for grading").click()
    expect(page.get_by_role("heading", level=2, name="Review")).to_be_visible()
    check(f"result page, passed with review {page.url}")

    certificate = Certificate.objects.get(learner=learner)
    for path, label in [
        (f"/certificates/{certificate.code}/", "certificate verification page"),
        ("/certificates/", "certificate search"),
        ("/dashboard/", "learner dashboard"),
        ("/accounts/profile/", "profile"),
    ]:
        page.goto(url(path))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check(f"{label} {path}")
    page.context.clear_cookies()
    page.goto(url("/accounts/signup/"))
    check("sign-up /accounts/signup/")

    print("\n".join(problems) or "axe: no serious or critical violations")
    assert not problems, "axe found serious or critical violations:\n" + "\n".join(problems)
