"""Request checks that protect every view at once."""

import re

from .errors import api_error, bad_request_page, is_api

# C0 controls and DEL, except tab, line feed and carriage return. PostgreSQL refuses NUL
# in text outright, so one in a search box or an API filter would otherwise be a 500.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(request):
    if CONTROL_CHARACTERS.search(request.path):
        return True
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in request.GET.lists()
    )


class RejectControlCharactersMiddleware:
    """400 for a path or query string with control characters, before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request):
            return bad_request_page(
                request, "The address contains control characters (such as %00); remove them."
            )
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Every answer under /api/ is JSON: unknown paths and wrong methods included."""

    MESSAGES = {404: "No such API address.", 405: "This address does not accept {method}."}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if not is_api(request) or status not in self.MESSAGES:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        replacement = api_error(status, self.MESSAGES[status].format(method=request.method))
        if response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        return replacement
