"""Issuing, revoking and reissuing certificates. Every change is written to the audit log."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.log_actions import log

from certifying_bodies.credits import format_credits
from certifying_bodies.models import CourseApproval
from courses.models import CoursePage
from learning.attestation import attestation_for
from learning.completion import is_module_complete

from .models import Certificate, ProviderSettings, validity_years_for
from .provider import issuing_paused
from .signals import certificate_issued

DELIVERY_TYPE = "Online self-paced / home study"


class CertificateError(Exception):
    pass


def approvals_snapshot(course, completed_on: date) -> list[dict]:
    """The approvals valid on the completion date, in each body's own terms."""
    approvals = (
        CourseApproval.objects.valid_on(completed_on)
        .filter(course=course)
        .select_related("body", "course")
        .order_by("body__name")
    )
    return [
        {
            "body_code": approval.body.code,
            "body_name": approval.body.name,
            "provider_number": approval.body.provider_number,
            "approval_number": approval.approval_number,
            "credits": format_credits(approval.credits),
            "credit_unit": approval.body.credit_unit,
        }
        for approval in approvals
    ]


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def build_snapshot(*, learner_name, course, attempt, completed_on, provider) -> dict:
    years = validity_years_for(course, provider)
    valid_until = _add_years(completed_on, years) if years else None
    return {
        "learner_name": learner_name,
        "course_code": course.code,
        "course_title": course.title,
        "contact_hours": format_credits(course.contact_hours),
        "delivery_type": DELIVERY_TYPE,
        "completed_on": completed_on.isoformat(),
        "score_percent": format_credits(attempt.score_percent),
        "provider": {
            "name": provider.name,
            "address": provider.address,
            "email": provider.email,
            "website": provider.website,
        },
        "approvals": approvals_snapshot(course, completed_on),
        "signatory": {"name": provider.signatory_name, "title": provider.signatory_title},
        "valid_until": valid_until.isoformat() if valid_until else None,
    }


def _course_of(attempt) -> CoursePage:
    return CoursePage.objects.parent_of(attempt.quiz).get()


def _valid_certificate(learner, course):
    return Certificate.objects.filter(
        learner=learner, course=course, status=Certificate.Status.VALID
    ).first()


def issue_certificate_if_complete(attempt, *, now=None):
    """Issue the learner's certificate when learning's completion rule is met; return it.

    For retries and claims after the fact (a lesson opened after passing); the normal path
    is `issue_certificate` on learning's `module_completed` signal.
    """
    if not attempt.passed:
        return None
    course = _course_of(attempt)
    if not is_module_complete(attempt.learner, course, attempt):
        return _valid_certificate(attempt.learner, course)
    return issue_certificate(attempt, course=course, now=now)


def issue_certificate(attempt, *, course, now=None):
    """Issue the certificate for a module the attempt completed.

    Called inside the transaction that grades the passing attempt, so the certificate and
    the grade are saved together or not at all. Idempotent: the partial unique index on
    valid certificates makes a second call (or a concurrent one) return the first.
    """
    learner = attempt.learner
    existing = _valid_certificate(learner, course)
    if existing and not (existing.is_expired and existing.attempt_id != attempt.pk):
        return existing
    provider = ProviderSettings.load()
    if issuing_paused(provider):
        return None  # the grade stands; the certificate comes once the details are real
    now = now or timezone.now()
    completed_on = timezone.localdate(now)
    snapshot = build_snapshot(
        learner_name=learner.name_for_certificate,
        course=course,
        attempt=attempt,
        completed_on=completed_on,
        provider=provider,
    )
    attestation = attestation_for(learner, attempt)
    try:
        with transaction.atomic():
            if existing:
                # A retake after the certificate expired: the new completion supersedes it.
                expired = Certificate.objects.select_for_update().get(pk=existing.pk)
                expired.status = Certificate.Status.SUPERSEDED
                expired.save(update_fields=["status"])
            certificate = Certificate.objects.create(
                learner=learner,
                course=course,
                attempt=attempt,
                issued_at=now,
                completed_on=completed_on,
                valid_until=snapshot["valid_until"],  # ISO date string; Django parses it
                snapshot=snapshot,
                attestation_version=attestation.text.version if attestation else None,
                attested_at=attestation.affirmed_at if attestation else None,
            )
            if existing:
                expired.superseded_by = certificate
                expired.save(update_fields=["superseded_by"])
    except IntegrityError:
        return Certificate.objects.get(learner=learner, course=course, status="valid")
    if existing:
        log(expired, "cec.certificate.supersede", user=learner, data={"renewed": certificate.code})
    log(certificate, "cec.certificate.issue", user=learner, data={"code": certificate.code})
    _after_issue(certificate)
    return certificate


def _after_issue(certificate):
    """Tell the layers above (completion records, the LRS outbox) inside the issuing
    transaction; once the certificate commits, queue its PDF and its e-mail for the task
    worker (a failed e-mail is logged, never undoes the certificate).

    Only the default size is rendered at issue: most downloads ask for it, and each render
    is ~120 ms of CPU. Another size is queued on its first download (`certificates.queueing`).
    """
    from .pdf import DEFAULT_SIZE
    from .tasks import email_certificate, render_certificate_pdfs

    certificate_issued.send(sender=Certificate, certificate=certificate)
    transaction.on_commit(lambda: render_certificate_pdfs.enqueue(certificate.pk, [DEFAULT_SIZE]))
    transaction.on_commit(lambda: email_certificate.enqueue(certificate.pk))


@transaction.atomic
def revoke_certificate(certificate, *, reason, user, now=None):
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("Give the reason for revoking the certificate.")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Certificate.Status.VALID:
        raise CertificateError(
            f"Only a valid certificate can be revoked; this one is {certificate.status}."
        )
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = now or timezone.now()
    certificate.revoked_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason"])
    log(certificate, "cec.certificate.revoke", user=user, data={"reason": reason})
    return certificate


@transaction.atomic
def reissue_certificate(certificate, *, user, reason, learner_name=None, now=None):
    """Replace a valid certificate with a new one (e.g. to correct the printed name).

    The new certificate keeps the original completion date and approvals; only the name
    (by default the learner's current name for certificates) is taken afresh.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("Give the reason for reissuing the certificate.")
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status != Certificate.Status.VALID:
        raise CertificateError(
            f"Only a valid certificate can be reissued; this one is {old.status}."
        )
    snapshot = {**old.snapshot, "learner_name": learner_name or old.learner.name_for_certificate}
    # The old one stops being valid first, so the one-valid-certificate rule holds throughout.
    old.status = Certificate.Status.SUPERSEDED
    old.save(update_fields=["status"])
    new = Certificate.objects.create(
        learner=old.learner,
        course=old.course,
        attempt=old.attempt,
        issued_at=now or timezone.now(),
        completed_on=old.completed_on,
        valid_until=old.valid_until,
        snapshot=snapshot,
        attestation_version=old.attestation_version,
        attested_at=old.attested_at,
    )
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    data = {"reason": reason, "old_code": old.code, "new_code": new.code}
    log(old, "cec.certificate.supersede", user=user, data=data)
    log(new, "cec.certificate.reissue", user=user, data=data)
    _after_issue(new)
    return new
