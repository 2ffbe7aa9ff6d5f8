from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .codes import generate_code


@register_setting(icon="doc-full")
class ProviderSettings(BaseGenericSetting):
    """Who issues the certificates: printed on every certificate at the time of issue."""

    name = models.CharField("provider name", max_length=200, default="CEC Platform")
    address = models.TextField(
        "contact address", default="CEC Platform\n100 Example Street\nSpringfield, IL 62701, USA"
    )
    email = models.EmailField("contact e-mail", default="records@cec.example")
    website = models.URLField(default="https://cec.example")
    signatory_name = models.CharField(max_length=150, default="Alex Morgan")
    signatory_title = models.CharField(
        max_length=150, default="Director of Education, CEC Platform"
    )
    certificate_validity_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Leave empty when certificates do not expire.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("address"), FieldPanel("email"), FieldPanel("website")],
            heading="Provider",
        ),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title")], heading="Signatory"
        ),
        FieldPanel("certificate_validity_years"),
    ]

    class Meta:
        verbose_name = "certificate provider"


def verification_url(code: str) -> str:
    """The absolute address of a certificate's public verification page."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("certificates:verify", args=[code])


class Certificate(models.Model):
    """A completion certificate. What it certifies is frozen in `snapshot` at issue.

    Certificates are never deleted: a revoked one keeps its record and reason, and a
    reissued one points to the certificate that replaced it.
    """

    # Nothing asks where a certificate is referenced; indexing it costs a passing submit
    # seven more statements.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        VALID = "valid", "Valid"
        REVOKED = "revoked", "Revoked"
        SUPERSEDED = "superseded", "Superseded"

    code = models.CharField(max_length=19, unique=True, default=generate_code, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="certificates"
    )
    attempt = models.ForeignKey(
        "quizzes.Attempt", on_delete=models.PROTECT, related_name="certificates"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALID)
    issued_at = models.DateTimeField(default=timezone.now)
    completed_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    snapshot = models.JSONField(encoder=DjangoJSONEncoder)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    # The attestation statement's version the learner affirmed, and when (empty when the
    # site did not ask for one).
    attestation_version = models.PositiveIntegerField(null=True, blank=True)
    attested_at = models.DateTimeField(null=True, blank=True)
    # When the "certificate ready" e-mail was claimed for sending (empty: not sent yet, or
    # the last try failed). Claimed with a conditional UPDATE so it goes out once.
    email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at"]
        permissions = [("revoke_certificate", "Can revoke and reissue certificates")]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=Q(status="valid"),
                name="one_valid_certificate_per_module",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="revoked_certificates_say_when",
            ),
        ]

    def __str__(self):
        snapshot = self.snapshot or {}
        return f"{self.code} {snapshot.get('course_code', '')} {snapshot.get('learner_name', '')}"

    def get_absolute_url(self):
        return reverse("certificates:verify", args=[self.code])

    @property
    def verification_url(self):
        return verification_url(self.code)

    @property
    def is_expired(self):
        return self.valid_until is not None and timezone.localdate() > self.valid_until

    @property
    def display_status(self):
        if self.status == self.Status.VALID and self.is_expired:
            return "expired"
        return self.status


class ModuleCertificatePolicy(models.Model):
    """How long one module's certificates stay current, over the provider's global setting.

    No policy for a module: the provider's `certificate_validity_years` applies. A policy
    with years: certificates issued for the module expire that many years after completion.
    A policy with the years left empty: the module's certificates do not expire.
    """

    course = models.OneToOneField(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="certificate_policy"
    )
    valid_years = models.PositiveSmallIntegerField(
        "certificate stays current for (years)",
        null=True,
        blank=True,
        help_text="e.g. 2. Leave empty when this module's certificates do not expire.",
    )

    panels = [FieldPanel("course"), FieldPanel("valid_years")]

    class Meta:
        verbose_name = "module certificate expiry"
        verbose_name_plural = "module certificate expiry"

    def __str__(self):
        years = f"{self.valid_years} years" if self.valid_years else "does not expire"
        return f"{self.course}: {years}"


def validity_years_for(course, provider) -> int | None:
    """Years a new certificate for the module stays current (None: it does not expire)."""
    policy = ModuleCertificatePolicy.objects.filter(course=course).first()
    if policy is not None:
        return policy.valid_years
    return provider.certificate_validity_years
