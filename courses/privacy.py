"""Page privacy without two queries per view when no page on the site is private.

Wagtail checks every served page's view restrictions (its ancestors, then their
restrictions: two queries). Most CE sites restrict no page at all, so whether any
restriction exists is kept in the page cache, retired whenever one is saved or deleted;
while one exists, the pages ask Wagtail as usual.
"""

from wagtail.models import PageViewRestriction

from .page_cache import cached_for_pages


def any_view_restriction() -> bool:
    return cached_for_pages("any-view-restriction", PageViewRestriction.objects.exists)


class NoRestrictionShortcut:
    """Page mixin: no restrictions to look up while the site has none."""

    def get_view_restrictions(self):
        if not any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
