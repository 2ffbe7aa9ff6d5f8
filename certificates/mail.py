"""The "your certificate is ready" e-mail, sent by the task worker after the certificate
commits (`certificates.tasks.email_certificate`), once.

Sending must never undo or hide a certificate: any failure is logged and swallowed; the
certificate page and the dashboard show the certificate whatever happened to the e-mail.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Certificate

logger = logging.getLogger(__name__)


def certificate_links(certificate) -> dict:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "verification_url": certificate.verification_url,
        "pdf_url": base + reverse("certificates:pdf", args=[certificate.code]),
        "dashboard_url": base + reverse("dashboard"),
    }


def send_certificate_email(certificate_pk) -> bool:
    """E-mail the learner their certificate's links; say whether it was sent."""
    try:
        certificate = Certificate.objects.select_related("learner").get(pk=certificate_pk)
        context = {"certificate": certificate, **certificate_links(certificate)}
        subject = f"Your certificate for {certificate.snapshot.get('course_title', '')}".strip()
        body = render_to_string("certificates/email/certificate_ready.txt", context)
        send_mail(subject, body, None, [certificate.learner.email], fail_silently=False)
    except Exception:
        logger.exception("Could not e-mail certificate %s to its learner", certificate_pk)
        return False
    return True


def claim_certificate_email(certificate_pk) -> bool:
    """Mark the e-mail as sent unless it already is; True for the one caller that marked it.

    One conditional UPDATE, so of two workers running the same task only one sees a row
    changed.
    """
    claimed = Certificate.objects.filter(pk=certificate_pk, email_sent_at__isnull=True).update(
        email_sent_at=timezone.now()
    )
    return claimed == 1


def send_certificate_email_once(certificate_pk) -> bool:
    """Send the certificate's e-mail unless it was sent before; say whether this call sent it.

    The claim comes before sending: a worker killed mid-send leaves the mark set, so the
    e-mail may be lost but never doubled. A failed send clears the mark for a retry.
    """
    if not claim_certificate_email(certificate_pk):
        return False
    if send_certificate_email(certificate_pk):
        return True
    Certificate.objects.filter(pk=certificate_pk).update(email_sent_at=None)
    return False
