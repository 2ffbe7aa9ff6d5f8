from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .credits import ROUNDING_CHOICES, convert_hours, format_credits
from .renewal import RenewalRules

EXPIRY_WARNING_DAYS = 60
# The Wagtail hook under which higher layers add screens to the Certification menu group.
CERTIFICATION_MENU_HOOK = "register_certification_menu_item"


class CertifyingBody(index.Indexed, models.Model):
    """An organisation that approves our courses for its members' continuing education."""

    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9][A-Z0-9-]*$", "Capitals, digits and hyphens.")],
        help_text="Short code used in exports and the API, e.g. NFPT, ACE, NCBTMB.",
    )
    provider_number = models.CharField(
        "our provider number", max_length=50, blank=True, help_text="As the body issued it."
    )
    credit_unit = models.CharField(
        max_length=30, default="CEC", help_text="How the body names its credits: CEC, CEU, CE."
    )
    credits_per_hour = models.DecimalField(
        max_digits=6, decimal_places=3, validators=[MinValueValidator(0)]
    )
    rounding = models.CharField(max_length=20, choices=ROUNDING_CHOICES, default="nearest_0_1")
    certificate_requirements = models.TextField(
        blank=True, help_text="What the body requires a certificate of completion to show."
    )
    record_retention_years = models.PositiveSmallIntegerField(
        default=5, help_text="How many years completion records must be kept."
    )
    website = models.URLField(blank=True)
    staff_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certifying_bodies",
        help_text="Members see and export this body's completion records, and nothing else.",
    )
    # Renewal rules: how many credits a certified member needs per cycle. Both the cycle
    # length and the credits must be set for the learner's cycle view to count anything;
    # otherwise it says the rules are unknown (it never guesses).
    cycle_months = models.PositiveSmallIntegerField(
        "cycle length (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="e.g. 24 for a two-year renewal period. Leave empty when not known.",
    )
    credits_required = models.DecimalField(
        "credits required per cycle",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="In the body's own credit unit. Leave empty when not known.",
    )
    carry_forward = models.BooleanField(
        "excess credits carry forward",
        default=False,
        help_text="Credits beyond one cycle's requirement count toward the next cycle.",
    )
    max_carry_forward = models.DecimalField(
        "maximum carried forward",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty for no maximum.",
    )
    first_cycle_exempt = models.BooleanField(
        "first cycle after certification is exempt",
        default=False,
        help_text="No credits are required in the first cycle after certification.",
    )
    online_max_percent = models.DecimalField(
        "maximum share of online / home-study credit (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The most of a cycle's requirement that online / home-study credit may "
        "cover. Leave empty for no cap. Our own credits are all online home study.",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldPanel("provider_number"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("credit_unit"),
                        FieldPanel("credits_per_hour"),
                        FieldPanel("rounding"),
                    ]
                )
            ],
            heading="Credits",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("cycle_months"), FieldPanel("credits_required")]),
                FieldRowPanel([FieldPanel("carry_forward"), FieldPanel("max_carry_forward")]),
                FieldPanel("first_cycle_exempt"),
                FieldPanel("online_max_percent"),
            ],
            heading="Renewal rules",
        ),
        FieldPanel("certificate_requirements"),
        FieldPanel("record_retention_years"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("code")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "certifying bodies"

    def __str__(self):
        return f"{self.name} ({self.code})"

    def credits_for(self, hours):
        return convert_hours(hours, self.credits_per_hour, self.rounding)

    @property
    def renewal_rules(self) -> RenewalRules | None:
        """The body's renewal rules, or None when they are not known."""
        if not self.cycle_months or self.credits_required is None:
            return None
        return RenewalRules(
            cycle_months=self.cycle_months,
            credits_required=self.credits_required,
            carry_forward=self.carry_forward,
            max_carry_forward=self.max_carry_forward,
            first_cycle_exempt=self.first_cycle_exempt,
            online_max_percent=self.online_max_percent,
        )


class CourseApprovalQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def expiring_within(self, days=EXPIRY_WARNING_DAYS, *, today=None):
        today = today or date.today()
        return self.filter(valid_until__gte=today, valid_until__lte=today + timedelta(days=days))


class CourseApproval(models.Model):
    """A body's approval of one module: its approval number, credits and dates."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="approvals"
    )
    body = models.ForeignKey(CertifyingBody, on_delete=models.PROTECT, related_name="approvals")
    approval_number = models.CharField(max_length=50, help_text="The body's course number.")
    credits_override = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty to derive credits from the contact hours by the body's rule.",
    )
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    objects = CourseApprovalQuerySet.as_manager()

    panels = [
        FieldPanel("course"),
        FieldPanel("body"),
        FieldPanel("approval_number"),
        FieldPanel("credits_override"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
    ]

    class Meta:
        ordering = ["body__name", "course__title", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "body", "valid_from"], name="one_approval_per_start_date"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="approval_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.body.code} {self.approval_number}"

    @property
    def credits(self):
        if self.credits_override is not None:
            return self.credits_override
        return self.body.credits_for(self.course.contact_hours)

    @property
    def credits_label(self):
        return f"{format_credits(self.credits)} {self.body.credit_unit}"

    def is_valid_on(self, day):
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class LearnerCredential(models.Model):
    """A learner's member, credential or licence number with a body."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials"
    )
    body = models.ForeignKey(CertifyingBody, on_delete=models.PROTECT, related_name="+")
    credential_number = models.CharField(max_length=50)
    licence_state = models.CharField(
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Two capital letters, e.g. FL.")],
        help_text="For state boards: the licensing state.",
    )
    profession = models.CharField(
        max_length=20, blank=True, help_text="For state boards: the profession code, e.g. LMT."
    )
    # The certification itself, for the renewal cycle: either date places the cycles.
    certified_on = models.DateField(
        "certification date",
        null=True,
        blank=True,
        help_text="When you were first certified (places every renewal cycle).",
    )
    cycle_ends_on = models.DateField(
        "current cycle ends on",
        null=True,
        blank=True,
        help_text="Or the end of your current renewal cycle, if you know it rather than "
        "the certification date.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "body"], name="one_credential_per_body")
        ]
        ordering = ["body__name"]

    def __str__(self):
        return f"{self.body.code} {self.credential_number}"

    @property
    def holds_certification(self):
        return self.certified_on is not None or self.cycle_ends_on is not None

    def cycle_anchor(self) -> dict:
        """Keyword arguments for the cycle functions (the certification date wins)."""
        if self.certified_on is not None:
            return {"certified_on": self.certified_on}
        return {"cycle_ends_on": self.cycle_ends_on}
