"""Wagtail's user bar for editors only, without two permission queries (or a cache round
trip) on every page a learner opens."""

import time

from django import template

from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()

# How long a user's "may edit" answer is reused. Only the bar's display can lag a
# permission change: the admin checks permissions itself on every request.
CAN_EDIT_SECONDS = 300
SESSION_KEY = "editor_userbar"


def can_edit(request) -> bool:
    """Kept in the session, which every logged-in request loads anyway; written once per
    CAN_EDIT_SECONDS per user."""
    user = request.user
    if not user.is_authenticated:
        return False
    now = time.time()
    remembered = request.session.get(SESSION_KEY)
    if remembered and remembered[1] > now:
        return remembered[0]
    allowed = user.has_perm("wagtailadmin.access_admin")
    request.session[SESSION_KEY] = [allowed, now + CAN_EDIT_SECONDS]
    return allowed


@register.simple_tag(takes_context=True)
def editor_userbar(context, position="bottom-right"):
    request = context.get("request")
    if request is None or not can_edit(request):
        return ""
    return wagtailuserbar(context, position)
