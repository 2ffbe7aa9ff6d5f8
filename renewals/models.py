import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from .storage import private_storage

MAX_EXTERNAL_CREDITS = 100


def upload_name(instance, filename):
    """An unguessable name; the learner's file name is kept only in `original_name`."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"external-ce/{instance.learner_id}/{uuid.uuid4().hex}{suffix}"


class ExternalCredit(models.Model):
    """CE a learner earned elsewhere and reports themselves (self-reported).

    Counts in the learner's own renewal cycle only: it never reaches a certifying body's
    completion records, exports or the body API.
    """

    class Delivery(models.TextChoices):
        LIVE = "live", "Live / in person"
        ONLINE = "online", "Online / home study"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_credits"
    )
    body = models.ForeignKey(
        "certifying_bodies.CertifyingBody", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    completed_on = models.DateField("date completed")
    credits = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(MAX_EXTERNAL_CREDITS)],
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.LIVE)
    certificate_file = models.FileField(
        upload_to=upload_name, storage=private_storage, blank=True, max_length=200
    )
    file_content_type = models.CharField(max_length=50, blank=True, editable=False)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credits__gt=0) & models.Q(credits__lte=MAX_EXTERNAL_CREDITS),
                name="external_credits_in_range",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.credits} {self.body.credit_unit}, self-reported)"


class ReminderPreference(models.Model):
    """A learner's choice about reminder e-mails (no row: reminders are on)."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    email_reminders = models.BooleanField(default=True)

    def __str__(self):
        return f"{self.learner}: reminders {'on' if self.email_reminders else 'off'}"


class ReminderSent(models.Model):
    """One reminder e-mail: at most one per learner × subject × period × threshold."""

    class Kind(models.TextChoices):
        CYCLE = "cycle", "Renewal cycle: credits missing"
        EXPIRY = "expiry", "Certificate about to expire"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The certification's body code, or the certificate's code.
    subject = models.CharField(max_length=30)
    # The end of the cycle, or the certificate's expiry date.
    period_end = models.DateField()
    threshold_days = models.PositiveSmallIntegerField()
    days_left = models.IntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    email = models.EmailField()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "kind", "subject", "period_end", "threshold_days"],
                name="one_reminder_per_threshold",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject} ({self.threshold_days} days)"
