"""Page privacy without two queries per view when no page on the site is private.

Wagtail checks every served page's view restrictions (its ancestors, then their
restrictions: two queries). Most CE sites restrict no page at all, so whether any
restriction exists is kept in the cache and forgotten whenever one is saved or deleted;
while one exists, the pages ask Wagtail as usual.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction

CACHE_KEY = "any-page-view-restriction"


def any_view_restriction() -> bool:
    found = cache.get(CACHE_KEY)
    if found is None:
        found = PageViewRestriction.objects.exists()
        cache.set(CACHE_KEY, found, 24 * 60 * 60)
    return found


@receiver([post_save, post_delete], sender=PageViewRestriction, dispatch_uid="courses.privacy")
def forget_view_restrictions(**kwargs):
    cache.delete(CACHE_KEY)


class NoRestrictionShortcut:
    """Page mixin: no restrictions to look up while the site has none."""

    def get_view_restrictions(self):
        if not any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
