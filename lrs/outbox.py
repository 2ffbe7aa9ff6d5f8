"""Queueing a certificate's xAPI statements in the outbox, in the issuing transaction."""

from django.conf import settings
from django.utils import timezone

from learning.seat_time import module_active_seconds
from records.xapi import XAPI_VERSION, completion_statements, statement_id

from .models import StatementDelivery

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def completion_record(certificate) -> dict:
    """What `completion_statements` needs, from the certificate and its attempt.

    Built from the certificate itself, so a course that no body approved (and so has no
    CompletionRecord) still reaches the LRS.
    """
    attempt = certificate.attempt
    snapshot = certificate.snapshot
    return {
        "learner_id": certificate.learner_id,
        "learner_name": snapshot["learner_name"],
        "course_code": snapshot["course_code"],
        "course_title": snapshot["course_title"],
        "certificate_code": certificate.code,
        "issued_at": certificate.issued_at,
        "score_percent": attempt.score_percent,
        "attempt_started_at": attempt.started_at,
        "attempt_submitted_at": attempt.submitted_at,
        # The measured seat time (result.duration), as the completion records carry it.
        "active_seconds": module_active_seconds(certificate.learner_id, certificate.course_id),
    }


def voiding_statement(voided_id, *, now) -> dict:
    """Voids a statement sent for a certificate that a reissue superseded."""
    base = settings.WAGTAILADMIN_BASE_URL
    return {
        "id": statement_id(voided_id, "voided"),
        "actor": {
            "objectType": "Agent",
            "name": "CEC Platform",
            "account": {"homePage": base, "name": "provider"},
        },
        "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": str(voided_id)},
        "timestamp": now.isoformat().replace("+00:00", "Z"),
        "version": XAPI_VERSION,
    }


def queue_certificate_statements(certificate, *, now=None) -> list[int]:
    """Outbox rows for the certificate's statements; returns the pending rows' ids.

    On a reissue, the statements queued for the superseded certificate are voided, so the
    LRS counts the completion once. Idempotent: statement ids are stable and unique.
    """
    now = now or timezone.now()
    statements = completion_statements(completion_record(certificate))
    superseded = StatementDelivery.objects.filter(
        certificate__superseded_by=certificate,
        status__in=[StatementDelivery.Status.PENDING, StatementDelivery.Status.DELIVERED],
    ).exclude(statement__verb__id=VOIDED)
    statements += [voiding_statement(old.statement_id, now=now) for old in superseded]
    StatementDelivery.objects.bulk_create(
        [
            StatementDelivery(
                statement_id=statement["id"],
                statement=statement,
                certificate=certificate,
                next_attempt_at=now,
                created_at=now,
            )
            for statement in statements
        ],
        ignore_conflicts=True,
    )
    return list(
        StatementDelivery.objects.filter(
            statement_id__in=[statement["id"] for statement in statements],
            status=StatementDelivery.Status.PENDING,
        )
        .order_by("id")
        .values_list("pk", flat=True)
    )
