"""Log-in protection shared by the public log-in (allauth) and the Wagtail admin's.

django-axes watches every `authenticate()` call, so both forms share one lock-out; the
admin form also turns away accounts that have no admin access.
"""

from django import forms

from wagtail.admin.forms.auth import LoginForm

ADMIN_ACCESS = "wagtailadmin.access_admin"


def login_name(request, credentials=None):
    """The address a log-in tried, whichever form sent it, so case tricks share a count.

    Wagtail's form sends `username`, allauth authenticates with `email` and posts `login`.
    """
    credentials = credentials or {}
    data = getattr(request, "POST", {}) if request is not None else {}
    for key in ("username", "email", "login"):
        value = credentials.get(key) or data.get(key)
        if value:
            return str(value).strip().lower()
    return None


class AdminLoginForm(LoginForm):
    """Wagtail's log-in form, for people who may use the admin only."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.has_perm(ADMIN_ACCESS):
            raise forms.ValidationError(
                "You do not have permission to access the admin.", code="no_admin_access"
            )
