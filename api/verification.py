"""A certificate's public verification data, for a body that holds a record of it."""

from django.http import Http404

from certificates.models import verification_url
from certificates.views import certificate_or_404

NOT_FOUND = "No such certificate among your body's completion records."


def certificate_for_body(code, body):
    """The certificate with `code` if `body` has a completion record of it; else Http404.

    A certificate that exists but belongs to other bodies' records gets the same answer
    as one that does not exist, so a token cannot probe for codes.
    """
    try:
        certificate = certificate_or_404(code)
    except Http404:
        raise Http404(NOT_FOUND) from None
    if not certificate.records.filter(body=body).exists():
        raise Http404(NOT_FOUND)
    return certificate


def certificate_data(certificate) -> dict:
    """What the public verification page shows, as data."""
    snapshot = certificate.snapshot
    return {
        "code": certificate.code,
        "status": certificate.display_status,
        "learner_name": snapshot["learner_name"],
        "course_code": snapshot["course_code"],
        "course_title": snapshot["course_title"],
        "completion_date": certificate.completed_on.isoformat(),
        "contact_hours": snapshot["contact_hours"],
        "delivery_type": snapshot.get("delivery_type", ""),
        "provider_name": snapshot.get("provider", {}).get("name", ""),
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "approvals": [
            {
                "body_code": approval["body_code"],
                "body_name": approval["body_name"],
                "provider_number": approval["provider_number"],
                "approval_number": approval["approval_number"],
                "credits": approval["credits"],
                "credit_unit": approval["credit_unit"],
            }
            for approval in snapshot.get("approvals", [])
        ],
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "revoked_reason": certificate.revoked_reason or None,
        "superseded_by": certificate.superseded_by.code if certificate.superseded_by else None,
        "verification_url": verification_url(certificate.code),
    }
