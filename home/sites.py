"""The request's Wagtail site from the page cache (courses.page_cache), its root page
loaded: Wagtail looks up the site, its root page and that page's specific form with three
queries on every page request, and these change about never. A change to a site or to a
page retires the cached copy."""

from wagtail.models import Site
from wagtail.views import serve

from courses.page_cache import cached_for_pages


def _site_with_root_page(request):
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 (loaded now, so it is cached with the site)
    return site


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
        request._wagtail_site = cached_for_pages(
            f"site:{where}", lambda: _site_with_root_page(request)
        )
        # Where Wagtail looks first for the sites' root paths when it builds a page's URL.
        request._wagtail_cached_site_root_paths = cached_for_pages(
            "site-root-paths", Site.get_site_root_paths
        )
        return None
