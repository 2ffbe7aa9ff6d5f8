"""Enrolment and lesson progress: small writes made on the learner's hot path."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Enrollment, LessonPage, LessonProgress


def enroll(learner, course):
    """Enrol the learner in the module (once); return the enrolment."""
    try:
        with transaction.atomic():
            enrollment, _ = Enrollment.objects.get_or_create(learner=learner, course=course)
    except IntegrityError:  # a concurrent click created it first
        enrollment = Enrollment.objects.get(learner=learner, course=course)
    return enrollment


def record_lesson_opened(learner, lesson, *, now=None):
    """Note that the learner opened the lesson, in a single upsert query."""
    now = now or timezone.now()
    LessonProgress.objects.bulk_create(
        [LessonProgress(learner=learner, lesson=lesson, first_opened_at=now, last_opened_at=now)],
        update_conflicts=True,
        unique_fields=["learner", "lesson"],
        update_fields=["last_opened_at"],
    )


def opened_lesson_ids(learner, lessons):
    return set(
        LessonProgress.objects.filter(learner=learner, lesson__in=lessons).values_list(
            "lesson_id", flat=True
        )
    )


def all_lessons_opened(learner, course):
    """The lesson half of the completion rule: every live lesson has been opened."""
    live = LessonPage.objects.child_of(course).live()
    return not live.exclude(progress__learner=learner).exists()
