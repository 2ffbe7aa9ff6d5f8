"""Error answers: JSON under /api/, pages elsewhere."""

from django.http import JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


def is_api(request):
    return request.path.startswith(API_PREFIX)


def api_error(status, message):
    # `error` is the API's documented field; `detail` is the name many clients look for.
    return JsonResponse({"error": message, "detail": message}, status=status)


def bad_request_page(request, message):
    """A 400 that says what was wrong with the request, in the caller's format."""
    if is_api(request):
        return api_error(400, message)
    return render(request, "400.html", {"message": message}, status=400)


def server_error(request):
    """handler500: the API's callers get JSON, people get the plain error page."""
    if is_api(request):
        return api_error(500, "Server error; it has been logged. Try again later.")
    return render(request, "500.html", status=500)


def api_not_found(request):
    """Any /api/ address no API version claims (also stops the slash-appending redirect)."""
    return api_error(404, "No such API address.")
