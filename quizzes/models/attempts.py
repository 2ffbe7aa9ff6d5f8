from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Attempt(models.Model):
    """One learner's attempt at a quiz, with the exact questions it served.

    `questions` is frozen at start from the published revision, so later edits to the quiz
    never change what was asked or how it was graded.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    quiz = models.ForeignKey("quizzes.QuizPage", on_delete=models.PROTECT, related_name="attempts")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField()
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    questions = models.JSONField(encoder=DjangoJSONEncoder)
    responses = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    results = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    pass_mark = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at_deadline = models.BooleanField(default=False)
    score_points = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    max_points = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    score_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    # Set when the attempt started under an accommodation (extra time and/or attempts):
    # the grant, and its terms frozen at start (id, time_multiplier, extra_attempts, reason).
    accommodation = models.ForeignKey(
        "quizzes.Accommodation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attempts",
    )
    accommodation_terms = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        constraints = [
            # Two simultaneous starts cannot both become attempt N.
            models.UniqueConstraint(
                fields=["quiz", "learner", "number"], name="unique_attempt_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "learner"],
                condition=Q(status="in_progress"),
                name="one_open_attempt_per_quiz",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="attempt_number_positive"),
            models.CheckConstraint(
                condition=Q(status="in_progress", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False, passed__isnull=False),
                name="submitted_attempts_are_graded",
            ),
        ]
        ordering = ["quiz", "learner", "number"]

    def __str__(self):
        return f"Attempt {self.number} by {self.learner} at {self.quiz_id}"

    @property
    def is_open(self):
        return self.status == self.Status.IN_PROGRESS

    def is_past_deadline(self, now=None):
        return self.deadline is not None and (now or timezone.now()) > self.deadline
