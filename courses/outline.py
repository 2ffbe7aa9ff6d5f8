"""A module's outline (its lessons, topics and what higher layers add, such as the quiz),
cached between publishes.

Module and lesson pages are read far more often than they change; reading the outline
from the cache saves three queries per view. Publishing, unpublishing, moving or deleting
the module or any of its child pages drops the cached copy (see courses.signals).
"""

from dataclasses import dataclass

from django.core.cache import cache

from wagtail.models import Page

from .extensions import outline_extras

CACHE_SECONDS = 24 * 60 * 60


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


def _key(course_pk):
    return f"course-outline:{course_pk}"


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


def course_outline(course) -> Outline:
    outline = cache.get(_key(course.pk))
    if outline is None:
        outline = build_outline(course)
        cache.set(_key(course.pk), outline, CACHE_SECONDS)
    return outline


def outline_for_lesson(lesson) -> Outline:
    """The outline of a lesson's module, found by the lesson's tree path."""
    parent_path = lesson.path[: -Page.steplen]
    course_pk = cache.get(f"course-of:{parent_path}")
    if course_pk is not None:
        outline = cache.get(_key(course_pk))
        # A module that moved leaves its old path behind; check it still matches.
        if outline is not None and outline.course_path == parent_path:
            return outline
    from .models import CoursePage

    course = CoursePage.objects.get(path=parent_path)
    cache.set(f"course-of:{parent_path}", course.pk, CACHE_SECONDS)
    return course_outline(course)


def forget_outline(course_pk):
    cache.delete(_key(course_pk))
