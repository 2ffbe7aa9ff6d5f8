"""How the layers above extend module and lesson pages without courses importing them.

Three Wagtail hooks, registered in the higher apps' `wagtail_hooks.py`:

- COURSE_OUTLINE_HOOK: `fn(course) -> dict`, entries added to the module's cached outline
  (the quiz app adds its quiz summary under "quiz").
- COURSE_PAGE_SECTIONS_HOOK: `fn(request, page, outline) -> Section | None`, HTML placed in
  the module page: `slot="status"` below the module facts, `slot="after_lessons"` after the
  lesson list.
- COURSE_LESSON_MARKS_HOOK: `fn(request, page, outline) -> {lesson pk: label}`, a short
  mark beside a lesson in the module's lesson list (the learner's "opened").
- COURSE_LESSON_EXTRAS_HOOK: `fn(request, lesson) -> HTML | None`, placed at the end of the
  lesson page (learning's seat-time heartbeat script).
- COURSE_PAGE_ACTIONS_HOOK: `fn() -> {name: view}`; `/courses/<slug>/<name>/` calls
  `view(request, course)` (enrolment, claiming a certificate).
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from wagtail import hooks

COURSE_OUTLINE_HOOK = "construct_course_outline"
COURSE_PAGE_SECTIONS_HOOK = "construct_course_page_sections"
COURSE_LESSON_MARKS_HOOK = "construct_course_lesson_marks"
COURSE_PAGE_ACTIONS_HOOK = "register_course_page_actions"
COURSE_LESSON_EXTRAS_HOOK = "construct_course_lesson_extras"


@dataclass(frozen=True)
class Section:
    slot: str  # "status" or "after_lessons"
    html: SafeString


def outline_extras(course) -> dict:
    extras = {}
    for contribute in hooks.get_hooks(COURSE_OUTLINE_HOOK):
        extras.update(contribute(course))
    return extras


def course_page_sections(request, page, outline) -> dict[str, list[SafeString]]:
    slots = {"status": [], "after_lessons": []}
    for contribute in hooks.get_hooks(COURSE_PAGE_SECTIONS_HOOK):
        section = contribute(request, page, outline)
        if section is not None:
            slots[section.slot].append(section.html)
    return slots


def lesson_marks(request, page, outline) -> dict[int, str]:
    marks = {}
    for contribute in hooks.get_hooks(COURSE_LESSON_MARKS_HOOK):
        marks.update(contribute(request, page, outline))
    return marks


def course_page_action(name):
    for register in hooks.get_hooks(COURSE_PAGE_ACTIONS_HOOK):
        view = register().get(name)
        if view is not None:
            return view
    return None


def lesson_extras(request, lesson) -> list[SafeString]:
    extras = []
    for contribute in hooks.get_hooks(COURSE_LESSON_EXTRAS_HOOK):
        html = contribute(request, lesson)
        if html:
            extras.append(html)
    return extras
