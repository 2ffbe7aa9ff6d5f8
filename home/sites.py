"""The request's Wagtail site from the cache, its root page loaded: Wagtail looks up the
site, its root page and that page's specific form with three queries on every page request,
and these change about never."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, Site
from wagtail.views import serve

CACHE_KEY = "wagtail-sites"
NO_SITE = "none"
# A safety net: a change the signal below misses is picked up within this time.
CACHE_SECONDS = 300


class CachedSiteMiddleware:
    """Sets `request._wagtail_site`, which `Site.find_for_request` reuses, for requests to
    Wagtail's page view only (the API, the admin and the health check never need a site).
    After CommonMiddleware, so the host has passed ALLOWED_HOSTS before it becomes a key."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not serve:
            return None
        where = f"{request.get_host()}|{request.get_port()}"
        sites = cache.get(CACHE_KEY) or {}
        site = sites.get(where)
        if site is None:
            site = Site._find_for_request(request) or NO_SITE
            if site != NO_SITE:
                site.root_page.specific  # noqa: B018 (loaded now, so it is cached with the site)
            cache.set(CACHE_KEY, {**sites, where: site}, CACHE_SECONDS)
        request._wagtail_site = None if site == NO_SITE else site
        return None


@receiver([post_save, post_delete], sender=Site, dispatch_uid="home.forget_sites")
def forget_sites(**kwargs):
    cache.delete(CACHE_KEY)


@receiver([post_save, post_delete], dispatch_uid="home.forget_sites_root_page")
def forget_sites_on_root_page_change(sender, instance, **kwargs):
    # Every model's saves come here; only a page that is some site's root is cached.
    if not isinstance(instance, Page):
        return
    sites = (cache.get(CACHE_KEY) or {}).values()
    if any(site != NO_SITE and site.root_page_id == instance.pk for site in sites):
        cache.delete(CACHE_KEY)
