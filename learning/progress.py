"""Enrolment and lesson progress: small writes made on the learner's hot path."""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

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


def record_lesson_opened(learner, lesson, *, now=None):
    """Note that the learner opened the lesson, in a single upsert query."""
    now = now or timezone.now()
    table = LessonProgress._meta.db_table
    # One upsert statement (SQLite and PostgreSQL both speak ON CONFLICT); bulk_create would
    # wrap it in a transaction of its own and cost two more round trips on every lesson view.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (learner_id, lesson_id, first_opened_at, last_opened_at) "  # noqa: S608 (table name from model metadata)
            "VALUES (%s, %s, %s, %s) ON CONFLICT (learner_id, lesson_id) "
            "DO UPDATE SET last_opened_at = excluded.last_opened_at",
            [learner.pk, lesson.pk, *[connection.ops.adapt_datetimefield_value(now)] * 2],
        )


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
