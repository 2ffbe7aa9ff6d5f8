"""The client's address: one rule for rate limits, log-in lock-out and audit logs.

Behind proxies, set CLIENT_IP_HEADER (a request.META key such as HTTP_X_FORWARDED_FOR)
and TRUSTED_PROXY_COUNT, the number of our own proxies that append to that header.
Each proxy appends the address it saw, so only the right-most entries can be trusted;
anything to their left was written by the client and may be forged or rotated.
"""

import ipaddress

from django.conf import settings

UNKNOWN = "0.0.0.0"  # noqa: S104 - a key for "no usable address", never bound to


def _valid_ip(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address the outermost trusted proxy saw, else REMOTE_ADDR; never raises."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR") or "") or UNKNOWN
    header = getattr(settings, "CLIENT_IP_HEADER", None)
    if not header:
        return remote
    hops = [hop for hop in str(request.META.get(header) or "").split(",") if hop.strip()]
    trusted = max(getattr(settings, "TRUSTED_PROXY_COUNT", 1), 1)
    if len(hops) < trusted:
        return remote  # the request did not come through all of our proxies
    return _valid_ip(hops[-trusted]) or remote
