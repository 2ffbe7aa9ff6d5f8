from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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
    # Seat time: the learner's active time on the lesson, in milliseconds (learning.seat_time).
    active_ms = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="one_progress_per_lesson")
        ]
        verbose_name_plural = "lesson progress"
        db_table = "courses_lessonprogress"  # the table predates this app

    def __str__(self):
        return f"{self.learner} opened {self.lesson_id}"


class SeatClock(models.Model):
    """One clock per learner, shared by every tab: the last instant counted as active time.

    Each heartbeat or lesson view moves it forward and credits the time since, capped; an
    instant at or before it adds nothing (two tabs, replays, clock changes).
    See learning.seat_time.
    """

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    counted_ms = models.BigIntegerField(help_text="Epoch milliseconds of the last counted instant")
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    credit_ms = models.BigIntegerField(default=0, help_text="What the last event credited")
    credit_lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self):
        return f"seat clock of {self.learner_id}"


class ModuleTimeRule(models.Model):
    """A minimum active time before the module's quiz can be started (off by default)."""

    course = models.OneToOneField(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="time_rule"
    )
    minimum_minutes = models.PositiveIntegerField(
        help_text="Active minutes in the module's lessons before its quiz can be started."
    )

    class Meta:
        verbose_name = "module minimum time"
        verbose_name_plural = "module minimum times"

    def __str__(self):
        return f"{self.course} · {self.minimum_minutes} min"


@register_setting(icon="time")
class SeatTimeSettings(BaseSiteSetting):
    """Site-wide minimum active time, as a share of each module's contact hours."""

    minimum_share_of_contact_hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=(
            "Percent of a module's contact hours the learner must spend active in its "
            "lessons before the quiz can be started. Empty: off. A module's own minimum "
            "time, when set, wins."
        ),
    )

    class Meta:
        verbose_name = "seat time"


# Evaluations and the attestation live in their own module.
from .evaluation_models import (  # noqa: E402, F401
    Attestation,
    AttestationText,
    EvaluationReceipt,
    EvaluationResponse,
    EvaluationSettings,
    ModuleEvaluationPolicy,
)
