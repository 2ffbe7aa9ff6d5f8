"""Enrolment, and which lessons a learner has opened (seat_time writes those)."""

from core.learner_cache import cached_for_learner, touch_learner
from courses.models import LessonPage
from courses.outline import course_outline

from .models import Enrollment, LessonProgress


def enroll(learner, course, *, lock=False):
    """Enrol the learner in the module (once); return the enrolment, locked for the rest of
    the transaction when asked (two simultaneous quiz starts by one learner take turns)."""
    # One INSERT ... ON CONFLICT DO NOTHING: a second click or a concurrent start finds the
    # row there and inserts nothing, without a savepoint or an IntegrityError to catch.
    Enrollment.objects.bulk_create(
        [Enrollment(learner=learner, course=course)], ignore_conflicts=True
    )
    # bulk_create sends no post_save. At commit: the quiz start that enrols reads the
    # learner's cached accommodation and certificate next, which enrolment leaves alone.
    touch_learner(learner.pk, at_once=False)
    enrollments = Enrollment.objects.filter(learner=learner, course=course)
    return (enrollments.select_for_update() if lock else enrollments).get()


def opened_lesson_ids(learner, lesson_ids):
    return set(
        LessonProgress.objects.filter(learner=learner, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
    )


def all_lessons_opened(learner, course):
    """The lesson half of the completion rule: every live lesson has been opened."""
    live = LessonPage.objects.child_of(course).live()
    return not live.exclude(progress__learner=learner).exists()


def all_lessons_opened_cached(learner, course):
    """`all_lessons_opened` from the cache while nothing of the learner's changed: opening
    a lesson retires the cached set, and a lesson published since is not in it."""
    # Live or not: a lesson unpublished and published again still counts as opened.
    lessons = LessonPage.objects.child_of(course).values("pk")
    opened = cached_for_learner(
        learner.pk, f"opened:{course.pk}", lambda: opened_lesson_ids(learner, lessons)
    )
    return opened.issuperset(course_outline(course).lesson_ids)
