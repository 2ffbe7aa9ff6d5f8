"""An anonymous visitor browses the catalog, a module and its lessons."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAUNCH_CODES = {
    "CEC-MRC-102": "1",
    "CEC-PTSM-103": "1",
    "CEC-SOP-101": "1",
}


def test_visitor_browses_catalog_module_and_lessons(page, url):
    page.goto(url("/courses/"))
    expect(page).to_have_title(re.compile(r"^Course catalog · CEC Platform$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Course catalog")
    expect(page.get_by_role("heading", level=2, name="All modules")).to_be_visible()

    # The three launch modules, each with its code and contact hours.
    cards = page.locator(".course-list > li.course-card")
    expect(cards).to_have_count(3)
    for course in CoursePage.objects.order_by("code"):
        card = cards.filter(has=page.get_by_role("link", name=course.title, exact=True))
        expect(card).to_have_count(1)
        hours = LAUNCH_CODES[course.code]
        unit = "hour" if hours == "1" else "hours"
        expect(card.locator(".course-meta")).to_contain_text(
            f"{course.code} · {hours} contact {unit}"
        )

    # Filter by a topic with the <select> and the submit button.
    page.get_by_label("Topic", exact=True).select_option(label="regulation")
    page.get_by_role("button", name="Show modules").click()
    expect(page).to_have_url(re.compile(r"[?&]topic=regulation(&|$)"))
    expect(page.get_by_role("heading", level=2)).to_have_text("1 matching module")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("CEC-MRC-102")
    expect(page.get_by_label("Topic", exact=True)).to_have_value("regulation")

    # Search every topic for a phrase only one module's summary uses.
    page.get_by_label("Topic", exact=True).select_option(label="All topics")
    page.get_by_label("Search modules").fill("trigger point")
    page.get_by_role("button", name="Show modules").click()
    expect(page).to_have_url(re.compile(r"[?&]q=trigger\+point"))
    expect(page.get_by_role("heading", level=2)).to_have_text("1 matching module")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("CEC-SOP-101")

    # Open the module.
    course = CoursePage.objects.get(code="CEC-SOP-101")
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    assert len(lessons) == 3
    page.get_by_role("link", name=course.title, exact=True).click()
    expect(page).to_have_url(url(course.url))
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    facts = page.locator("dl.module-facts")
    expect(facts).to_contain_text("Course code")
    expect(facts).to_contain_text("CEC-SOP-101")
    expect(facts).to_contain_text("Contact hours")
    expect(
        page.get_by_text("Log in or create a free account to track your progress")
    ).to_be_visible()

    # Its learning objectives, as the module file states them.
    expect(page.get_by_role("heading", level=2, name="Learning objectives")).to_be_visible()
    objectives = page.locator("h2:has-text('Learning objectives') ~ ul.prose").first
    expect(objectives.locator("li")).to_have_text([block.value for block in course.objectives])

    lesson_links = page.locator("ol.lesson-list a")
    expect(lesson_links).to_have_text([lesson.title for lesson in lessons])
    expect(page.get_by_role("heading", level=2, name="Quiz")).to_be_visible()
    expect(page.get_by_text("10 questions, pass mark 80%")).to_be_visible()

    # Lesson 1, then "Next lesson" to the end.
    lesson_links.first.click()
    for number, lesson in enumerate(lessons, start=1):
        expect(page).to_have_url(url(lesson.url))
        expect(page).to_have_title(f"{lesson.title} · {course.title} · CEC Platform")
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
        expect(page.locator(".lesson-position")).to_have_text(f"Lesson {number} of 3")
        breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
        expect(breadcrumb.locator("[aria-current=page]")).to_have_text(f"Lesson {number}")
        pager = page.get_by_role("navigation", name="Lessons")
        if number > 1:
            expect(pager.get_by_role("link", name=re.compile("^Previous lesson"))).to_contain_text(
                lessons[number - 2].title
            )
        if number < len(lessons):
            next_link = pager.get_by_role("link", name=re.compile("^Next lesson"))
            expect(next_link).to_contain_text(lessons[number].title)
            next_link.click()
    pager = page.get_by_role("navigation", name="Lessons")
    expect(pager.get_by_role("link", name=re.compile("^Next lesson"))).to_have_count(0)
    back = pager.get_by_role("link", name=re.compile("Back to the module and its quiz"))
    expect(back).to_contain_text("End of lessons")

    # Back to the module.
    back.click()
    expect(page).to_have_url(url(course.url))
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
