"""Open Badges 3.0 endpoints: issuer profile, credential (JSON and VC-JWT), public JWKS.

All public and read-only. The per-certificate views share the verification page's rate
limit; a revoked or superseded certificate is still served (it is a historical record),
with its status in `credentialStatus`.
"""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import openbadges
from .signing import public_jwks
from .views import certificate_or_404, lookup_limited

JSON_MEDIA_TYPE = "application/json"
JWT_MEDIA_TYPE = "application/jwt"


def _base_url() -> str:
    # One canonical address, whatever host the request came in on: credential ids must
    # not change with it.
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _public(response, *, cache_control):
    """Anyone may fetch these from any origin (wallets, verifier apps in a browser)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = cache_control
    return response


def _json(data, *, status=200, cache_control="no-cache"):
    response = JsonResponse(
        data, status=status, content_type=JSON_MEDIA_TYPE, json_dumps_params={"indent": 2}
    )
    return _public(response, cache_control=cache_control)


def _lookup(request, code, url_name):
    """(certificate, None), or (None, a 404 JSON / redirect to the canonical code)."""
    try:
        certificate = certificate_or_404(code)
    except Http404 as exc:
        return None, _json({"error": str(exc)}, status=404)
    if code != certificate.code:
        return None, redirect(reverse(url_name, args=[certificate.code]))
    return certificate, None


@require_safe
def issuer_profile(request):
    document = openbadges.issuer_profile_document(_base_url())
    return _json(document, cache_control="public, max-age=300")


@require_safe
@lookup_limited
def credential_json(request, code):
    certificate, response = _lookup(request, code, "certificates:credential_json")
    if response:
        return response
    credential = openbadges.build_credential(certificate, _base_url())
    response = _json(credential)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@lookup_limited
def credential_jwt(request, code):
    certificate, response = _lookup(request, code, "certificates:credential_jwt")
    if response:
        return response
    token = openbadges.signed_credential(certificate, _base_url())
    response = HttpResponse(token, content_type=JWT_MEDIA_TYPE)
    response["X-Robots-Tag"] = "noindex"
    return _public(response, cache_control="no-cache")


@require_safe
def jwks(request):
    return _json(public_jwks(), cache_control="public, max-age=3600")
