"""Small pieces shared by the project's own Wagtail admin screens."""

from django.template.response import TemplateResponse


def admin_forbidden(request, message):
    """A 403 page in the admin's layout, saying what access is missing.

    Raising PermissionDenied would not do: Wagtail's admin URL wrapper turns it into a
    redirect to the dashboard, which hides the refusal from browsers and scripts alike.
    """
    context = {
        "page_title": "Permission denied",
        "header_icon": "warning",
        "header_title": "Permission denied",
        "message": message,
    }
    return TemplateResponse(request, "admin_forbidden.html", context, status=403)
