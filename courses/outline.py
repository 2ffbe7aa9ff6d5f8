"""A module's outline (its lessons, topics and what higher layers add, such as the quiz),
cached with the published pages (courses.page_cache): any page's save, deletion or move
retires it.

Module and lesson pages are read far more often than they change; reading the outline
from the cache saves three queries per view.
"""

from dataclasses import dataclass

from wagtail.models import Page

from .extensions import outline_extras
from .page_cache import cached_for_pages


@dataclass(frozen=True)
class OutlineLink:
    pk: int
    title: str
    url: str


@dataclass(frozen=True)
class Outline:
    course_path: str
    course: OutlineLink
    lessons: tuple[OutlineLink, ...]
    topics: tuple[tuple[str, str], ...]  # (name, slug)
    extras: dict  # what higher layers add (see courses.extensions), e.g. the quiz

    @property
    def lesson_ids(self):
        return [lesson.pk for lesson in self.lessons]


def build_outline(course) -> Outline:
    from .models import LessonPage

    lessons = LessonPage.objects.child_of(course).live().only("title", "url_path", "path")
    return Outline(
        course_path=course.path,
        course=OutlineLink(course.pk, course.title, course.url),
        lessons=tuple(OutlineLink(lesson.pk, lesson.title, lesson.url) for lesson in lessons),
        topics=tuple((tag.name, tag.slug) for tag in course.topics.all()),
        extras=outline_extras(course),
    )


def _cached_outline(course_path, build):
    # Keyed by the module's tree path, so the module page and its lessons share one entry.
    return cached_for_pages(f"outline:{course_path}", build)


def course_outline(course) -> Outline:
    return _cached_outline(course.path, lambda: build_outline(course))


def outline_for_lesson(lesson) -> Outline:
    """The outline of a lesson's module, found by the lesson's tree path."""
    parent_path = lesson.path[: -Page.steplen]

    def build():
        from .models import CoursePage

        return build_outline(CoursePage.objects.get(path=parent_path))

    return _cached_outline(parent_path, build)
