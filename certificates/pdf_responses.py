"""The answer while a PDF is being rendered by the task worker: a small page that retries.

HTTP 202 with `Retry-After` for scripts, and a `<meta http-equiv="refresh">` so a browser
without JavaScript asks again by itself; the page says so and links onward, so nobody is
stuck on it. Never cached: the next request must find the finished file.
"""

from django.shortcuts import render
from django.utils.cache import patch_cache_control

# Seconds before the browser (or a script honouring Retry-After) asks again.
RETRY_SECONDS = 5


def preparing_response(request, *, what: str, back_url: str, back_label: str):
    """202 "Your <what> is being prepared", retrying the same address."""
    response = render(
        request,
        "certificates/pdf_preparing.html",
        {
            "what": what,
            "retry_seconds": RETRY_SECONDS,
            "retry_url": request.get_full_path(),
            "back_url": back_url,
            "back_label": back_label,
        },
        status=202,
    )
    response["Retry-After"] = str(RETRY_SECONDS)
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    return response
