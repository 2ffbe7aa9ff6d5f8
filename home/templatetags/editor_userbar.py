"""Wagtail's user bar for editors only, without two permission queries on every page a
learner opens."""

from django import template
from django.core.cache import cache

from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()

# How long a user's "may edit" answer is reused. Only the bar's display can lag a
# permission change: the admin checks permissions itself on every request.
CAN_EDIT_SECONDS = 300


def can_edit(user) -> bool:
    if not user.is_authenticated:
        return False
    key = f"can-edit:{user.pk}"
    allowed = cache.get(key)
    if allowed is None:
        allowed = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, allowed, CAN_EDIT_SECONDS)
    return allowed


@register.simple_tag(takes_context=True)
def editor_userbar(context, position="bottom-right"):
    request = context.get("request")
    if request is None or not can_edit(request.user):
        return ""
    return wagtailuserbar(context, position)
