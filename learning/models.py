from django.conf import settings
from django.db import models
from django.utils import timezone


class Enrollment(models.Model):
    """A learner taking a module; created by one click or by starting its quiz."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrollments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="enrollments"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="one_enrollment_per_course")
        ]
        ordering = ["-enrolled_at"]
        db_table = "courses_enrollment"  # the table predates this app

    def __str__(self):
        return f"{self.learner} in {self.course_id}"


class LessonProgress(models.Model):
    """When a learner first and last opened a lesson."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="progress"
    )
    first_opened_at = models.DateTimeField(default=timezone.now)
    last_opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="one_progress_per_lesson")
        ]
        verbose_name_plural = "lesson progress"
        db_table = "courses_lessonprogress"  # the table predates this app

    def __str__(self):
        return f"{self.learner} opened {self.lesson_id}"


# Evaluations and the attestation live in their own module.
from .evaluation_models import (  # noqa: E402, F401
    Attestation,
    AttestationText,
    EvaluationReceipt,
    EvaluationResponse,
    EvaluationSettings,
    ModuleEvaluationPolicy,
)
