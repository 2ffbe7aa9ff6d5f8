"""The demo editor retitles a lesson in the Wagtail admin and publishes it."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage
from home.site_setup import DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD, ensure_demo_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_TITLE = "Two professions, two scopes (revised)"


def test_editor_retitles_and_publishes_a_lesson(page, url):
    ensure_demo_editor()
    course = CoursePage.objects.get(code="CEC-SOP-101")
    lesson = LessonPage.objects.child_of(course).live().order_by("path")[1]
    old_title = lesson.title
    lesson_url = url(lesson.url)

    page.goto(url("/admin/"))
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("E-mail address").fill(DEMO_EDITOR_EMAIL)
    page.get_by_label("Password").fill(DEMO_EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(url("/admin/"))

    page.goto(url(f"/admin/pages/{lesson.pk}/edit/"))
    title = page.locator("#id_title")
    expect(title).to_have_value(old_title)
    title.fill(NEW_TITLE)

    # "Publish" sits in the footer's action menu, behind the "More actions" toggle.
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text(f"Page '{NEW_TITLE}' has been published.")).to_be_visible()

    lesson.refresh_from_db()
    assert lesson.title == NEW_TITLE
    assert lesson.live and not lesson.has_unpublished_changes

    page.goto(lesson_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(page).to_have_title(f"{NEW_TITLE} · {course.title} · CEC Platform")
    page.goto(url(course.url))
    expect(page.locator("ol.lesson-list li a").nth(1)).to_have_text(NEW_TITLE)
