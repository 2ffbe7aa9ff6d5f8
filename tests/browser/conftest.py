"""Fixtures for the end-to-end journeys in headless Chromium.

Every journey runs against pytest-django's ``live_server`` with a clean, transactional
database (``serialized_rollback`` restores what Wagtail's migrations create: the root
page, the default site and the Editors/Moderators groups) plus the page tree and the
three launch modules.
"""

import os

# Sync Playwright keeps an event loop running in the test thread; Django would refuse
# ORM calls from the test body without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def launch_site(live_server):
    """The page tree and the launch modules, imported the way `make run` does."""
    from wagtail.models import Site

    from home.site_setup import ensure_page_tree, load_launch_modules

    home, catalog = ensure_page_tree()
    load_launch_modules()
    # The default Site is localhost:80 while the live server listens on another port;
    # Wagtail falls back to the default site, so pages still resolve there (and their
    # URLs are root-relative because there is a single site).
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert catalog.url == "/courses/"
    return catalog


@pytest.fixture
def url(live_server, launch_site):
    """Absolute URL on the live server for a site path."""

    def build(path="/"):
        return f"{live_server.url}{path}"

    return build


@pytest.fixture
def page(page):
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return page
