from django.conf import settings
from django.db import models
from django.utils import timezone


class CompletionRecord(models.Model):
    """One certificate as one approving body sees it; written when the certificate is.

    The certificate's snapshot stays the printed truth; these rows repeat the parts a body
    needs so that exports and the API filter and page through them with plain indexes.
    """

    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.PROTECT, related_name="records"
    )
    body = models.ForeignKey(
        "certifying_bodies.CertifyingBody", on_delete=models.PROTECT, related_name="records"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField()
    approval_number = models.CharField(max_length=50)
    provider_number = models.CharField(max_length=50, blank=True)
    credits = models.DecimalField(max_digits=6, decimal_places=2)
    credit_unit = models.CharField(max_length=30)
    # Seat time: the learner's measured active minutes in the module (lessons and quiz),
    # from learning.seat_time; null for records written before it was measured.
    active_minutes = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certificate", "body"], name="one_record_per_body")
        ]
        indexes = [models.Index(fields=["body", "completed_on", "id"], name="record_body_date")]
        ordering = ["completed_on", "id"]
        # The table predates this app (it began in certifying_bodies); keep its name.
        db_table = "certifying_bodies_completionrecord"

    def __str__(self):
        return f"{self.body_id}:{self.certificate_id}"
