"""Write a parsed module file into the page tree, as new page revisions."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from core.problems import ModuleFileError, Problem
from courses.estimate import Estimate, estimate_blocks, overstated_hours
from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.revisions import save_page_revision
from quizzes.importing import import_quiz
from quizzes.outline import quiz_minutes

from .module_file import ParsedModule


@dataclass
class ImportResult:
    course: CoursePage
    created: bool
    published: bool
    lessons_created: list[str] = field(default_factory=list)
    lessons_updated: list[str] = field(default_factory=list)
    lessons_withdrawn: list[str] = field(default_factory=list)
    quiz_summary: str = ""
    estimate: Estimate | None = None

    def summary(self):
        action = "created" if self.created else "updated"
        state = "published" if self.published else "saved as a draft"
        lines = [
            f"{self.course.code} {self.course.title}: {action}, {state}",
            f"  lessons: {len(self.lessons_created)} new, {len(self.lessons_updated)} updated"
            + (f", {len(self.lessons_withdrawn)} withdrawn" if self.lessons_withdrawn else ""),
        ]
        if self.quiz_summary:
            lines.append(f"  quiz: {self.quiz_summary}")
        if self.estimate is not None:
            hours = f"{self.course.contact_hours.normalize():f}"
            lines.append(f"  hours: {hours} claimed; {self.estimate.describe()}")
        return "\n".join(lines)


def check_distinct_codes(modules: list[ParsedModule]):
    """Refuse two files with one course code in a run: the second would silently replace
    what the first just imported."""
    first, problems = {}, []
    for module in modules:
        if module.code in first:
            earlier = first[module.code]
            problems.append(
                Problem(
                    module.code_line,
                    f"the course code '{module.code}' is also used by "
                    f"{earlier.path}:{earlier.code_line}; import one file per course",
                    path=module.path,
                )
            )
        else:
            first[module.code] = module
    if problems:
        raise ModuleFileError(problems[0].path, problems)


@contextmanager
def _refused_at(path, line):
    """A page the models refuse is a problem in the file, not a traceback; the import's
    transaction then leaves nothing behind."""
    try:
        yield
    except ValidationError as exc:
        message = "the page cannot be saved: " + "; ".join(exc.messages)
        raise ModuleFileError(path, [Problem(line, message)]) from None


def _draft_of(page):
    # Edit the newest revision, so an import never discards an editor's unpublished work
    # on fields the file does not set.
    return page.get_latest_revision_as_object() if page.has_unpublished_changes else page


def _course_fields(parsed: ParsedModule):
    return {
        "title": parsed.title,
        "slug": parsed.slug,
        "code": parsed.code,
        "summary": parsed.summary,
        "contact_hours": parsed.contact_hours,
        "level": parsed.level,
        "objectives": [{"type": "objective", "value": text} for text in parsed.objectives],
        "authors": [{"type": "author", "value": author} for author in parsed.authors],
        "references": [
            {"type": "reference", "value": reference} for reference in parsed.references
        ],
        "last_reviewed": parsed.last_reviewed,
        "about": parsed.about,
        "hours_note": parsed.hours_note,
        "hours_justification": parsed.hours_justification,
    }


def estimate_parsed(parsed: ParsedModule) -> Estimate:
    """The content estimate of the file itself: its lessons, activities and quiz."""
    served = 0
    if parsed.quiz is not None:
        drawn = parsed.quiz.rules.get("questions_per_attempt")
        served = min(drawn or len(parsed.quiz.questions), len(parsed.quiz.questions))
    return estimate_blocks(
        [lesson.body for lesson in parsed.lessons], quiz_minutes=quiz_minutes(served)
    )


def _check_hours(parsed: ParsedModule, estimate: Estimate):
    """Publishing refuses hours the content does not support, unless they are justified."""
    problem = "" if parsed.hours_justification else overstated_hours(parsed.contact_hours, estimate)
    if problem:
        line = parsed.line_of.get("contact_hours", 1)
        raise ModuleFileError(parsed.path, [Problem(line, f"not published: {problem}")])


def _check_slug_free(parsed, catalog, course):
    clash = catalog.get_children().filter(slug=parsed.slug)
    if course is not None:
        clash = clash.exclude(pk=course.pk)
    if clash.exists():
        raise ModuleFileError(
            parsed.path,
            [
                Problem(
                    1, f"the slug '{parsed.slug}' is already used by another page in the catalog"
                )
            ],
        )


def _order_children(course, lessons):
    """Put the lessons in file order, followed by any other child pages (the quiz)."""
    wanted = [lesson.pk for lesson in lessons]
    current = list(course.get_children().values_list("pk", flat=True))
    desired = wanted + [pk for pk in current if pk not in wanted]
    if current == desired:
        return
    for pk in desired:
        course.get_children().get(pk=pk).move(course, pos="last-child")


@transaction.atomic
def import_module(parsed: ParsedModule, *, publish=True, user=None, catalog=None) -> ImportResult:
    """Create or update the module, its lessons and its quiz from a parsed module file.

    Re-importing a course code adds a revision to the existing pages; nothing is duplicated.
    Any problem raises ModuleFileError and the transaction leaves nothing behind.
    """
    catalog = catalog or CourseIndexPage.objects.first()
    if catalog is None:
        raise ModuleFileError(
            parsed.path, [Problem(0, "there is no course catalog page; run `make run` first")]
        )
    estimate = estimate_parsed(parsed)
    if publish:
        _check_hours(parsed, estimate)
    course = CoursePage.objects.filter(code=parsed.code).first()
    _check_slug_free(parsed, catalog, course)
    result = ImportResult(
        course=course, created=course is None, published=publish, estimate=estimate
    )

    page = CoursePage() if course is None else _draft_of(course)
    for name, value in _course_fields(parsed).items():
        setattr(page, name, value)
    page.topics.set(parsed.topics)
    with _refused_at(parsed.path, parsed.code_line):
        course = save_page_revision(page, catalog, publish=publish, user=user)
    result.course = course

    existing = {lesson.slug: lesson for lesson in LessonPage.objects.child_of(course)}
    lessons = []
    for parsed_lesson in parsed.lessons:
        current = existing.pop(parsed_lesson.slug, None)
        lesson = LessonPage(slug=parsed_lesson.slug) if current is None else _draft_of(current)
        lesson.title = parsed_lesson.title
        lesson.body = parsed_lesson.body
        with _refused_at(parsed.path, parsed_lesson.line):
            lessons.append(save_page_revision(lesson, course, publish=publish, user=user))
        (result.lessons_created if current is None else result.lessons_updated).append(
            parsed_lesson.slug
        )
    if publish:
        # Lessons dropped from the file are unpublished, not deleted: learners' progress
        # still points at them.
        for lesson in existing.values():
            if lesson.live:
                lesson.unpublish(user=user, log_action=True)
                result.lessons_withdrawn.append(lesson.slug)
    _order_children(course, lessons)

    if parsed.quiz is not None:
        result.quiz_summary = import_quiz(parsed.quiz, course=course, publish=publish, user=user)
    return result
