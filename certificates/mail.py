"""The "your certificate is ready" e-mail, sent after the certificate commits.

Sending must never undo or hide a certificate: any failure is logged and swallowed; the
certificate page and the dashboard show the certificate whatever happened to the e-mail.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

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
