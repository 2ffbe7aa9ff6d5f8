"""Enrolment and which lessons a learner has opened (the writes are in seat_time)."""

from django.db import IntegrityError, transaction

from courses.models import LessonPage

from .models import Enrollment, LessonProgress


def enroll(learner, course):
    """Enrol the learner in the module (once); return the enrolment."""
    try:
        with transaction.atomic():
            enrollment, _ = Enrollment.objects.get_or_create(learner=learner, course=course)
    except IntegrityError:  # a concurrent click created it first
        enrollment = Enrollment.objects.get(learner=learner, course=course)
    return enrollment


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
