"""A learner earns credit an auditor accepts: minimum active time (the test moves the
server's clock forward instead of sleeping), the quiz, the course evaluation, the signed
affirmation, and the certificate with its e-mail."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from learning.evaluation_models import EvaluationReceipt, EvaluationResponse
from learning.models import ModuleTimeRule
from learning.seat_time import heartbeat_seconds, record_heartbeat
from quizzes.models import Attempt
from tests.certs import approve

from .helpers import correct_choices

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "auditable.learner@example.com"
PASSWORD = "Credit-ready-2026!"


@pytest.fixture
def accredited(settings, launch_site, django_user_model):
    settings.CEC_ATTESTATION_DEFAULT = True
    settings.CEC_EVALUATION_REQUIRED_WITH_APPROVAL = True
    course = CoursePage.objects.get(code="CEC-MRC-102")
    approve(course)
    ModuleTimeRule.objects.create(course=course, minimum_minutes=30)
    learner = django_user_model.objects.create_user(
        email=EMAIL, password=PASSWORD, first_name="Avery", last_name="Auditable"
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=learner, email=EMAIL, verified=True, primary=True)
    return course, learner


def test_minimum_time_evaluation_and_affirmation_before_the_certificate(page, url, accredited):
    course, learner = accredited
    page.goto(url("/accounts/login/"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(url(course.url))
    progress = page.get_by_role("region", name="Your progress")
    page.get_by_role("button", name="Enrol in this module").click()
    expect(progress).to_contain_text("Active time so far: 0 minutes.")
    expect(progress).to_contain_text("The quiz opens after 30 minutes of active study")

    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    for lesson in lessons:
        page.goto(url(lesson.url))
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)

    # Too early: the quiz refuses to start and says how long is left.
    page.goto(url(f"{course.url}quiz/"))
    expect(page.locator("main")).to_contain_text("asks for at least 30 minutes of active study")

    # Twelve minutes of heartbeats on each lesson, counted on the server's own clock.
    start = timezone.now() + timedelta(seconds=5)
    step = timedelta(seconds=heartbeat_seconds())
    for index, lesson in enumerate(lessons):
        for beat in range(24):
            moment = start + step * (index * 24 + beat)
            record_heartbeat(learner.pk, lesson.pk, now=moment)
    page.goto(url(course.url))
    expect(progress).to_contain_text("Minimum active time of 30 minutes reached.")

    page.goto(url(f"{course.url}quiz/"))
    expect(page.locator("main")).to_contain_text("you pass at 80%")
    page.get_by_role("button", name="Start attempt 1").click()
    attempt = Attempt.objects.get(learner=learner)
    for question in attempt.questions:
        for choice_id in correct_choices(question):
            page.locator(f"input[name='q-{question['id']}'][value='{choice_id}']").check()
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.get_by_role("status")).to_contain_text("Passed")
    assert not Certificate.objects.exists()  # evaluation and affirmation still to come

    page.goto(url(course.url))
    expect(progress).to_contain_text("Left to do: the course evaluation, then affirm")
    progress.get_by_role("link", name="Evaluate the course").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluate")
    for legend in page.locator("fieldset.likert").all():
        legend.get_by_role("radio", name=re.compile(r"^4\b")).check()
    page.get_by_label(re.compile("comments", re.I)).fill("Clear scenarios; more on insurance.")
    page.get_by_role("button", name="Send my evaluation").click()
    assert EvaluationReceipt.objects.filter(learner=learner).count() == 1
    assert EvaluationResponse.objects.count() == 1

    page.goto(url(course.url))
    expect(progress).to_contain_text("affirm and claim your certificate")
    progress.get_by_role("checkbox").check()
    progress.get_by_role("button", name="Affirm and get my certificate").click()

    certificate = Certificate.objects.get(learner=learner)
    assert certificate.attestation_version and certificate.attested_at
    expect(progress).to_contain_text(f"Complete. Your certificate: {certificate.code}")
    sent = [message for message in mail.outbox if EMAIL in message.to]
    assert len(sent) == 1
    assert f"/certificates/{certificate.code}/" in sent[0].body
    assert f"/certificates/{certificate.code}/pdf" in sent[0].body
    record = certificate.records.get()
    assert record.active_minutes >= 30
