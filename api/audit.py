"""Every authenticated API call leaves a Wagtail log entry against the caller's body."""

from wagtail.log_actions import log

from core.client_ip import client_ip

from .models import ApiToken


def log_api_call(request, *, rows, status=200, filters=None):
    token = getattr(request, "auth", None)
    if not isinstance(token, ApiToken):
        return None  # the caller was not authenticated: there is no body to log against
    if filters is None:
        filters = {key: request.GET.get(key) for key in request.GET}
    return log(
        token.body,
        "cec.api.call",
        user=None,
        data={
            "token": token.prefix,
            "path": request.path,
            "filters": filters,
            "rows": rows,
            "status": status,
            "client_ip": client_ip(request),
        },
    )
