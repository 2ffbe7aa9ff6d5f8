"""Sections that higher layers add to the profile page, through a Wagtail hook.

A hook registered under PROFILE_SECTIONS_HOOK is called with (request, data), data being the
POST or None, and returns an object with `template_name`, `is_valid()` and `save()`. The
profile view saves them with the name form, in one transaction, only when all are valid.
"""

from wagtail import hooks

PROFILE_SECTIONS_HOOK = "register_profile_section"


def profile_sections(request, data):
    return [build(request, data) for build in hooks.get_hooks(PROFILE_SECTIONS_HOOK)]
