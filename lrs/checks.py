from urllib.parse import urlsplit

from django.core import checks

from .conf import setting


@checks.register()
def check_lrs_endpoint(app_configs, **kwargs):
    endpoint = setting("LRS_ENDPOINT")
    if endpoint and urlsplit(endpoint).scheme not in {"http", "https"}:
        return [
            checks.Error(
                f"LRS_ENDPOINT {endpoint!r} is not an http(s) URL.",
                hint="e.g. https://lrs.example/xapi/ (or empty to disable LRS delivery).",
                id="lrs.E001",
            )
        ]
    return []
