"""Completion records for certifying bodies: the one query every export and the API use."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import F, FilteredRelation, Q
from django.db.models.fields.json import KeyTextTransform

from .models import CertifyingBody, CompletionRecord

STATUSES = ("valid", "revoked", "superseded")


@dataclass(frozen=True)
class RecordFilter:
    """What a caller asked for; validated before any query runs."""

    body: CertifyingBody
    since: date | None = None
    until: date | None = None
    module: str | None = None  # course code
    statuses: tuple[str, ...] = ("valid",)

    def describe(self) -> dict:
        return {
            "body": self.body.code,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "module": self.module,
            "statuses": list(self.statuses),
        }


def completion_records(flt: RecordFilter, *, after_id=None):
    """Rows (dicts) of the body's completion records, oldest first, in one query.

    `after_id` continues after a record id (cursor pagination for the API).
    """
    records = CompletionRecord.objects.filter(body=flt.body, certificate__status__in=flt.statuses)
    if flt.since:
        records = records.filter(completed_on__gte=flt.since)
    if flt.until:
        records = records.filter(completed_on__lte=flt.until)
    if flt.module:
        records = records.filter(course__code=flt.module)
    if after_id is not None:
        records = records.filter(id__gt=after_id)
    return (
        records.order_by("id")
        .annotate(
            # The learner's number with this body, if they gave one: a single LEFT JOIN.
            credential=FilteredRelation(
                "learner__credentials", condition=Q(learner__credentials__body=F("body"))
            ),
            learner_name=KeyTextTransform("learner_name", "certificate__snapshot"),
            course_title=KeyTextTransform("course_title", "certificate__snapshot"),
            contact_hours=KeyTextTransform("contact_hours", "certificate__snapshot"),
            learner_email=F("learner__email"),
            course_code=F("course__code"),
            certificate_code=F("certificate__code"),
            status=F("certificate__status"),
            score_percent=F("certificate__attempt__score_percent"),
            attempt_started_at=F("certificate__attempt__started_at"),
            attempt_submitted_at=F("certificate__attempt__submitted_at"),
            issued_at=F("certificate__issued_at"),
            credential_number=F("credential__credential_number"),
            licence_state=F("credential__licence_state"),
            profession=F("credential__profession"),
        )
        .values(
            "id",
            "learner_name",
            "learner_email",
            "credential_number",
            "licence_state",
            "profession",
            "course_code",
            "course_title",
            "approval_number",
            "provider_number",
            "completed_on",
            "contact_hours",
            "credits",
            "credit_unit",
            "score_percent",
            "certificate_code",
            "status",
            "issued_at",
            "attempt_started_at",
            "attempt_submitted_at",
            "learner_id",
            "certificate_id",
        )
    )


def verification_url(certificate_code: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL}/certificates/{certificate_code}/"
