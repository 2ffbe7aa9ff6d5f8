"""Models for course evaluations and the attestation (imported by `learning.models`).

Evaluation answers (`EvaluationResponse`) carry no learner: they hold the module, the day
submitted and the answers. A separate `EvaluationReceipt` proves that a learner evaluated
a completion without pointing at the answers.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

DEFAULT_ATTESTATION = "I personally completed every part of this course and the answers are my own."
DEFAULT_EXTRA_ITEMS = (
    "The content is relevant to my practice.\nThe lessons were clear and well organised."
)


def attestation_default() -> bool:
    """Site default for "learners affirm before claiming" (CEC_ATTESTATION_DEFAULT)."""
    return bool(getattr(settings, "CEC_ATTESTATION_DEFAULT", True))


def evaluation_with_approval_default() -> bool:
    """Site default for "modules with a body approval require the evaluation"."""
    return bool(getattr(settings, "CEC_EVALUATION_REQUIRED_WITH_APPROVAL", True))


@register_setting(icon="form")
class EvaluationSettings(BaseGenericSetting):
    """The site-wide evaluation template and the attestation, edited once by the provider."""

    objective_item = models.CharField(
        "objective item",
        max_length=200,
        default="The objective was met: {objective}",
        help_text="One 1–5 item per learning objective of the module; {objective} is replaced.",
    )
    extra_items = models.TextField(
        "other 1–5 items",
        default=DEFAULT_EXTRA_ITEMS,
        blank=True,
        help_text="One statement per line, rated 1 (strongly disagree) to 5 (strongly agree).",
    )
    comments_prompt = models.CharField(
        max_length=200, default="Comments and suggestions (optional)"
    )
    require_with_approval = models.BooleanField(
        "require the evaluation for modules with a body approval",
        default=evaluation_with_approval_default,
        help_text="A module's own evaluation setting overrides this.",
    )
    attestation_required = models.BooleanField(
        "learners affirm the statement before claiming a certificate",
        default=attestation_default,
    )
    attestation_text = models.TextField(
        "attestation statement",
        default=DEFAULT_ATTESTATION,
        help_text="Changing it makes a new version; certificates keep the version affirmed.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("objective_item"),
                FieldPanel("extra_items"),
                FieldPanel("comments_prompt"),
                FieldPanel("require_with_approval"),
            ],
            heading="Course evaluation",
        ),
        MultiFieldPanel(
            [FieldPanel("attestation_required"), FieldPanel("attestation_text")],
            heading="Attestation",
        ),
    ]

    class Meta:
        verbose_name = "evaluation and attestation"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        AttestationText.record(self.attestation_text)


class ModuleEvaluationPolicy(models.Model):
    """A module's own choice about its evaluation (absent = the site default)."""

    class Requirement(models.TextChoices):
        DEFAULT = "default", "Site default (required when a body approved the module)"
        REQUIRED = "required", "Required before the certificate"
        OPTIONAL = "optional", "Offered, not required"

    course = models.OneToOneField(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="evaluation_policy"
    )
    requirement = models.CharField(
        max_length=10, choices=Requirement.choices, default=Requirement.DEFAULT
    )

    panels = [FieldPanel("course"), FieldPanel("requirement")]

    class Meta:
        verbose_name = "module evaluation setting"

    def __str__(self):
        return f"{self.course} — {self.get_requirement_display()}"


class EvaluationResponse(models.Model):
    """One learner's answers, stored with no link to who gave them."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="evaluation_responses"
    )
    submitted_on = models.DateField(default=timezone.localdate)
    items = models.JSONField(help_text="The item texts as asked, in order.")
    answers = models.JSONField(help_text="The 1–5 ratings, in the order of `items`.")
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_on"]
        permissions = [
            ("view_evaluation_report", "Can view evaluation reports and receipts"),
            ("view_ce_hours_report", "Can view the CE hours report"),
        ]

    def __str__(self):
        return f"Evaluation of {self.course_id} on {self.submitted_on}"


class EvaluationReceipt(models.Model):
    """Proof that a learner evaluated a completion; it does not point at the answers."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluation_receipts"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="evaluation_receipts"
    )
    attempt = models.ForeignKey(
        "quizzes.Attempt", on_delete=models.PROTECT, related_name="evaluation_receipts"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "attempt"], name="one_evaluation_per_completion"
            )
        ]

    def __str__(self):
        return f"{self.learner} evaluated {self.course_id}"


class AttestationText(models.Model):
    """A version of the attestation statement; the newest is current."""

    version = models.PositiveIntegerField(unique=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"Attestation v{self.version}"

    @classmethod
    def current(cls):
        latest = cls.objects.order_by("-version").first()
        if latest is None:
            text = EvaluationSettings.load().attestation_text
            latest = cls.record(text)
        return latest

    @classmethod
    def record(cls, text):
        """The current version if its text is `text`, else a new version with it."""
        latest = cls.objects.order_by("-version").first()
        if latest is not None and latest.text == text:
            return latest
        return cls.objects.create(version=(latest.version + 1) if latest else 1, text=text)


class Attestation(models.Model):
    """A learner's affirmation of a version of the statement for one completion."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attestations"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="attestations"
    )
    attempt = models.ForeignKey(
        "quizzes.Attempt", on_delete=models.PROTECT, related_name="attestations"
    )
    text = models.ForeignKey(AttestationText, on_delete=models.PROTECT, related_name="+")
    affirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "attempt"], name="one_attestation_per_completion"
            )
        ]

    def __str__(self):
        return f"{self.learner} affirmed v{self.text.version}"
