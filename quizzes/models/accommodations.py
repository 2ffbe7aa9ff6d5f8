from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

MIN_MULTIPLIER = Decimal("1")  # exclusive: a multiplier must give more time
MAX_MULTIPLIER = Decimal("4")  # inclusive


class Accommodation(models.Model):
    """Extra time and/or extra attempts for one learner on one quiz, with the reason.

    Granted by a provider admin in the admin (*Quizzes → Accommodations*). Attempts started
    under it keep a frozen copy of its terms (`Attempt.accommodation_terms`), so editing or
    deleting it later never changes what an earlier attempt ran under.
    """

    quiz = models.ForeignKey(
        "quizzes.QuizPage", on_delete=models.CASCADE, related_name="accommodations"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_accommodations"
    )
    time_multiplier = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The quiz's time limit is multiplied by this, e.g. 1.5 for time and a "
        "half: more than 1, at most 4. Leave empty for no extra time.",
    )
    extra_attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Attempts allowed on top of the quiz's own limit."
    )
    reason = models.TextField(
        help_text="Why the accommodation is granted (kept with every attempt taken under it)."
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    granted_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quiz", "learner"], name="one_accommodation_per_quiz"),
            models.CheckConstraint(
                condition=Q(time_multiplier__isnull=True)
                | Q(time_multiplier__gt=MIN_MULTIPLIER, time_multiplier__lte=MAX_MULTIPLIER),
                name="accommodation_multiplier_in_range",
            ),
            models.CheckConstraint(
                condition=Q(time_multiplier__isnull=False) | Q(extra_attempts__gt=0),
                name="accommodation_grants_something",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="accommodation_has_reason"),
        ]
        ordering = ["-granted_at"]

    def __str__(self):
        return f"Accommodation for {self.learner} on {self.quiz}"

    def clean(self):
        problems = {}
        multiplier = self.time_multiplier
        if multiplier is not None and not MIN_MULTIPLIER < multiplier <= MAX_MULTIPLIER:
            problems["time_multiplier"] = (
                f"The time multiplier must be more than {MIN_MULTIPLIER} and at most "
                f"{MAX_MULTIPLIER} (e.g. 1.5 for time and a half); leave it empty for no "
                "extra time."
            )
        if self.extra_attempts is not None and self.extra_attempts < 0:
            problems["extra_attempts"] = "Extra attempts cannot be negative."
        if not (self.reason or "").strip():
            problems["reason"] = "Give the reason for the accommodation."
        if not problems and multiplier is None and not self.extra_attempts:
            problems["__all__"] = "Grant extra time, extra attempts or both."
        if problems:
            raise ValidationError(problems)

    def terms(self) -> dict:
        """What an attempt freezes about the accommodation it ran under."""
        return {
            "id": self.pk,
            "time_multiplier": str(self.time_multiplier) if self.time_multiplier else None,
            "extra_attempts": self.extra_attempts,
            "reason": self.reason,
        }
