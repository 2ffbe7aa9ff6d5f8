"""Public certificate verification: anyone with a code can check a certificate."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from django_ratelimit.decorators import ratelimit

from .codes import InvalidCode, normalize_code
from .models import Certificate
from .provider import address_lines


def lookup_rate(group, request):
    return settings.CERTIFICATE_LOOKUP_RATE


# Every public lookup by code (page, PDF, credential) shares one per-client limit.
lookup_limited = ratelimit(group="certificate-lookup", key="ip", rate=lookup_rate, block=True)


def rate_limited(request, exception=None):
    """django-ratelimit's RATELIMIT_VIEW: 429 with a reason, as JSON or a page."""
    message = "Too many certificate lookups from your address; wait a minute and try again."
    if request.path.endswith((".json", ".jwt")) or "json" in request.headers.get("Accept", ""):
        response = JsonResponse({"error": message}, status=429)
    else:
        response = render(
            request, "certificates/rate_limited.html", {"message": message}, status=429
        )
    response["Retry-After"] = "60"
    return response


def certificate_or_404(code):
    """The certificate for a typed code, or 404 saying whether the code itself is wrong."""
    try:
        canonical = normalize_code(code)
    except InvalidCode as exc:
        raise Http404(str(exc)) from None
    certificate = Certificate.objects.select_related("superseded_by").filter(code=canonical).first()
    if certificate is None:
        raise Http404("No such certificate: check the code.")
    return certificate


def _not_found(request, code, message):
    return render(
        request,
        "certificates/search.html",
        {"code": code, "error": message},
        status=404,
    )


@lookup_limited
def search(request):
    code = request.GET.get("code", "").strip()
    if not code:
        return render(request, "certificates/search.html", {})
    try:
        canonical = normalize_code(code)
    except InvalidCode as exc:
        return _not_found(request, code, str(exc))
    return redirect("certificates:verify", code=canonical)


@lookup_limited
def verify(request, code):
    try:
        certificate = certificate_or_404(code)
    except Http404 as exc:
        return _not_found(request, code, str(exc))
    if code != certificate.code:
        return redirect(certificate)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "snapshot": certificate.snapshot,
            "provider_address": address_lines(certificate.snapshot.get("provider", {})),
            "verify_url": certificate.verification_url,
        },
    )
