"""Writing a certificate's completion records, one per body that approved its course."""

from decimal import Decimal

from certifying_bodies.models import CertifyingBody
from learning.seat_time import module_active_seconds

from .models import CompletionRecord


def write_completion_records(certificate):
    """The certificate's completion record for each body that approved the course."""
    bodies = {
        body.code: body
        for body in CertifyingBody.objects.filter(
            code__in=[a["body_code"] for a in certificate.snapshot["approvals"]]
        )
    }
    active_minutes = int(module_active_seconds(certificate.learner_id, certificate.course_id) // 60)
    CompletionRecord.objects.bulk_create(
        CompletionRecord(
            certificate=certificate,
            body=bodies[approval["body_code"]],
            course_id=certificate.course_id,
            learner_id=certificate.learner_id,
            completed_on=certificate.completed_on,
            approval_number=approval["approval_number"],
            provider_number=approval["provider_number"],
            credits=Decimal(approval["credits"]),
            credit_unit=approval["credit_unit"],
            active_minutes=active_minutes,
        )
        for approval in certificate.snapshot["approvals"]
    )
