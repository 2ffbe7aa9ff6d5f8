"""A learner signs up, reads a module and takes its quiz with the keyboard only."""

import io
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from quizzes.models import Attempt

from .helpers import (
    answer_with_keyboard,
    correct_choices,
    focused,
    has_visible_focus_indicator,
    hidden_texts,
    leaked_texts,
    normalise_space,
    tab_until,
    wrong_choices,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "casey.learner@example.com"
PASSWORD = "Quiz-ready-2026!"


def at(url, path):
    """The page URL, allowing the #main fragment the skip link leaves behind.

    Browsers keep a URL's fragment across a POST-redirect-GET, so after using the skip
    link and submitting a form the new page's URL still ends in #main.
    """
    return re.compile(re.escape(url(path)) + r"(#main)?$")


def skip_to_main(page):
    """The skip link is the first Tab stop, visibly focused, and Enter moves focus to #main."""
    info = tab_until(page, lambda info: True, limit=1)
    assert info["tag"] == "a" and info["text"] == "Skip to main content", info
    assert has_visible_focus_indicator(info), info
    box = page.locator("a.skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0, f"skip link off screen when focused: {box}"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def press_button(page, name):
    """Tab forward to the button with this visible text and press Enter on it."""
    info = tab_until(page, lambda info: info["tag"] == "button" and info["text"] == name)
    assert has_visible_focus_indicator(info), info
    page.keyboard.press("Enter")


def answer_and_submit(page, attempt, pick):
    """From a freshly loaded attempt page: skip link, answer every question, submit."""
    skip_to_main(page)
    # The breadcrumb's last link comes right before the first question.
    tab_until(page, lambda info: info["tag"] == "a" and info["text"] == "Quiz", limit=5)
    answer_with_keyboard(page, attempt.questions, pick)
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Save answers"
    press_button(page, "Submit for grading")


def test_learner_signs_up_reads_and_passes_on_second_attempt(page, url):
    course = CoursePage.objects.get(code="CEC-SOP-101")
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    quiz_path = f"{course.url}quiz/"

    # Sign up from the module page's "create a free account" link.
    page.goto(url(course.url))
    page.get_by_role("link", name="create a free account").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    page.get_by_label("First name").fill("Casey")
    page.get_by_label("Last name").fill("Learner")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    # The address is confirmed from the e-mail's link; that signs the learner in and
    # returns them to the module.
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    (message,) = [m for m in mail.outbox if m.to == [EMAIL]]
    link = re.search(r"/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(url(link))
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(url(course.url))
    expect(page.get_by_text(f"Successfully signed in as {EMAIL}.")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    learner = get_user_model().objects.get(email=EMAIL)
    assert (learner.first_name, learner.last_name) == ("Casey", "Learner")

    progress = page.get_by_role("region", name="Your progress")
    expect(progress).to_contain_text("Lessons opened: 0 of 3.")
    expect(progress).to_contain_text("Quiz not yet taken.")

    # Open every lesson from the module page.
    for number, lesson in enumerate(lessons, start=1):
        page.locator("ol.lesson-list").get_by_role("link", name=lesson.title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
        expect(page.locator(".lesson-position")).to_have_text(f"Lesson {number} of 3")
        page.get_by_role("navigation", name="Breadcrumb").get_by_role(
            "link", name=course.title
        ).click()
    expect(progress).to_contain_text("Lessons opened: 3 of 3.")

    page.get_by_role("link", name="Go to the quiz").click()
    expect(page).to_have_url(url(quiz_path))

    # From here on the learner uses the keyboard only.
    expect(page.get_by_role("heading", level=2, name="Rules")).to_be_visible()
    expect(page.get_by_text("10 questions, drawn from a pool of 20.")).to_be_visible()
    expect(page.get_by_text("Pass mark: 80%.")).to_be_visible()
    skip_to_main(page)
    press_button(page, "Start attempt 1")

    expect(page).to_have_url(re.compile(r"/quiz/attempt/\d+/(#main)?$"))
    first = Attempt.objects.get(learner=learner, number=1)
    expect(page).to_have_url(at(url, f"{quiz_path}attempt/{first.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r": attempt 1$"))
    expect(page.locator("#attempt-form fieldset")).to_have_count(10)
    assert leaked_texts(page.content(), hidden_texts(first.questions)) == []

    answer_and_submit(page, first, wrong_choices)

    expect(page).to_have_url(at(url, f"{quiz_path}attempt/{first.pk}/result/"))
    status = page.get_by_role("status")
    expect(status).to_contain_text("Not passed")
    expect(status).to_contain_text("you scored 0%")
    expect(page.get_by_role("heading", name="Review")).to_have_count(0)
    expect(page.locator(".review-item")).to_have_count(0)
    expect(
        page.get_by_text("The answers and explanations are shown once you pass.")
    ).to_be_visible()
    expect(page.get_by_text("There is a waiting time after a failed attempt.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Start attempt"))).to_have_count(0)
    assert leaked_texts(page.content(), hidden_texts(first.questions)) == []
    first.refresh_from_db()
    assert first.passed is False and first.score_percent == 0

    # The quiz makes a learner wait 10 minutes after a failed attempt. Rather than sleep,
    # the test moves attempt 1's submitted_at back 11 minutes in the database.
    Attempt.objects.filter(pk=first.pk).update(
        submitted_at=first.submitted_at - timedelta(minutes=11)
    )
    page.reload()
    skip_to_main(page)
    press_button(page, "Start attempt 2")

    expect(page).to_have_url(re.compile(r"/quiz/attempt/\d+/(#main)?$"))
    second = Attempt.objects.get(learner=learner, number=2)
    expect(page).to_have_url(at(url, f"{quiz_path}attempt/{second.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r": attempt 2$"))
    assert leaked_texts(page.content(), hidden_texts(second.questions)) == []

    answer_and_submit(page, second, correct_choices)

    expect(page).to_have_url(at(url, f"{quiz_path}attempt/{second.pk}/result/"))
    status = page.get_by_role("status")
    expect(status).to_contain_text("Passed")
    expect(status).not_to_contain_text("Not passed")
    expect(status).to_contain_text("you scored 100%")
    expect(page.get_by_role("heading", level=2, name="Review")).to_be_visible()
    items = page.locator(".review-item")
    expect(items).to_have_count(10)
    for number, question in enumerate(second.questions, start=1):
        item = items.nth(number - 1)
        expect(item.get_by_role("heading", level=3)).to_have_text(f"Question {number}: correct")
        if question["explanation"].strip():
            callout = item.locator(".callout")
            expect(callout).to_contain_text("Explanation")
            assert normalise_space(question["explanation"]) in normalise_space(callout.inner_text())
    # The same leak check finds the explanations once they are meant to be shown.
    explanations = [question["explanation"] for question in second.questions]
    assert leaked_texts(page.content(), explanations) == explanations
    second.refresh_from_db()
    assert second.passed is True

    # The passing attempt issued a certificate: the learner downloads its PDF ...
    certificate = Certificate.objects.get(learner=learner)
    certificate_section = page.get_by_role("region", name="Your certificate")
    expect(certificate_section).to_contain_text(certificate.code)
    pdf_link = certificate_section.get_by_role("link", name="Download the PDF")
    response = page.request.get(url(pdf_link.get_attribute("href")))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = normalise_space(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    )
    assert certificate.code in text and "Casey Learner" in text

    # ... and a second visitor, with a browser of their own, verifies the code.
    visitor = page.context.browser.new_context()
    try:
        other = visitor.new_page()
        other.goto(url("/certificates/"))
        other.get_by_label("Certificate code").fill(certificate.code.lower().replace("-", " "))
        other.get_by_role("button", name="Verify").click()
        expect(other).to_have_url(url(f"/certificates/{certificate.code}/"))
        expect(other.get_by_role("status")).to_contain_text("Valid.")
        expect(other.locator("main")).to_contain_text("Casey Learner")
        assert EMAIL not in other.content()
    finally:
        visitor.close()
