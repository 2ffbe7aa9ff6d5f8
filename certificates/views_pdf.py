"""The certificate PDF, public to anyone with the code, rate-limited like verification.

The view streams the stored file; a missing one is queued for the task worker and the
visitor gets the "being prepared" page, which retries (never WeasyPrint in a request).
"""

from datetime import datetime, time, timedelta

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from . import pdf
from .pdf_responses import preparing_response
from .queueing import certificate_pdf_or_queue
from .views import certificate_or_404, lookup_limited

# How long a browser may keep a valid certificate's PDF without asking again.
VALID_MAX_AGE = 7 * 24 * 60 * 60


def _max_age(certificate) -> int:
    """A week, or less when the certificate expires sooner (it must not look valid after)."""
    if certificate.valid_until is None:
        return VALID_MAX_AGE
    expires = timezone.make_aware(
        datetime.combine(certificate.valid_until + timedelta(days=1), time.min)
    )
    left = int((expires - timezone.now()).total_seconds())
    return max(0, min(VALID_MAX_AGE, left))


@require_safe
@lookup_limited
def certificate_pdf(request, code):
    size = request.GET.get("size", pdf.DEFAULT_SIZE)
    if size not in pdf.SIZES:
        return HttpResponseBadRequest(
            f"Unknown paper size; use ?size={' or ?size='.join(pdf.SIZES)}.",
            content_type="text/plain; charset=utf-8",
        )
    certificate = certificate_or_404(code)
    if code != certificate.code:
        query = request.GET.urlencode()
        url = reverse("certificates:pdf", args=[certificate.code])
        return redirect(f"{url}?{query}" if query else url)

    data = certificate_pdf_or_queue(certificate, size)
    if data is None:
        return preparing_response(
            request,
            what="certificate PDF",
            back_url=certificate.get_absolute_url(),
            back_label="See the certificate's verification page",
        )
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"certificate-{certificate.code}-{size}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    if pdf.pdf_status(certificate) == certificate.Status.VALID:
        patch_cache_control(response, private=True, max_age=_max_age(certificate))
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response
