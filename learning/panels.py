"""The learner's status panel on the module page, with lines the layers above add."""

from django.template.loader import render_to_string

from wagtail import hooks

from courses.extensions import Section

from .status import status_for_request

# fn(request, course, status) -> HTML or None; the certificates app adds its lines here.
LEARNER_STATUS_LINES_HOOK = "construct_learner_status_lines"


def learner_status_section(request, page, outline) -> Section:
    status = status_for_request(request, page, outline)
    lines = []
    if status is not None:
        for contribute in hooks.get_hooks(LEARNER_STATUS_LINES_HOOK):
            html = contribute(request, page, status)
            if html:
                lines.append(html)
    html = render_to_string(
        "learning/includes/status_panel.html",
        {"page": page, "status": status, "lines": lines},
        request,
    )
    return Section("status", html)
