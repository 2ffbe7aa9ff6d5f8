from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone


class StatementDelivery(models.Model):
    """One xAPI statement waiting for, or done with, delivery to the learning record store.

    Rows are written in the transaction that issues the certificate (an outbox), then a
    task sends them. The statement id is the xAPI id, so sending twice is harmless.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    statement_id = models.UUIDField(unique=True, editable=False)
    statement = models.JSONField(encoder=DjangoJSONEncoder, editable=False)
    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.PROTECT, related_name="statement_deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = "LRS statement delivery"
        verbose_name_plural = "LRS statement deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "delivered", "failed"]),
                name="delivery_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="delivered_statements_say_when",
            ),
        ]

    def __str__(self):
        return f"{self.verb} {self.statement_id}"

    @property
    def verb(self):
        verb = (self.statement or {}).get("verb", {})
        return verb.get("display", {}).get("en-US") or verb.get("id", "").rsplit("/", 1)[-1]
