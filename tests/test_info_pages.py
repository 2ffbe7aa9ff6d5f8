"""Information pages linked from every footer, created once by setup_site; the favicon."""

import re

from django.contrib.staticfiles import finders

from home.info_pages import INFO_PAGES, ensure_info_pages
from home.models import StandardPage


def test_footer_links_lead_to_the_information_pages(client, site_tree):
    home, _ = site_tree
    ensure_info_pages(home)
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    links = re.findall(r'<a href="(/[a-z]+/)">([^<]+)</a>', footer)
    assert [url for url, _ in links] == [
        "/about/",
        "/contact/",
        "/accreditation/",
        "/terms/",
        "/privacy/",
    ]
    for url, label in links:
        page = client.get(url)
        assert page.status_code == 200, url
        assert f"<h1>{label}</h1>" in page.content.decode()


def test_setup_keeps_the_pages_and_their_edits_on_a_re_run(site_tree):
    home, _ = site_tree
    about = ensure_info_pages(home)[0]
    about.body = "<p>Our own words.</p>"
    about.save_revision().publish()
    ensure_info_pages(home)
    assert StandardPage.objects.count() == len(INFO_PAGES)
    assert StandardPage.objects.get(slug="about").body == "<p>Our own words.</p>"


def test_there_is_a_favicon_for_pages_and_for_favicon_ico(client, site_tree):
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon.svg" type="image/svg\+xml">', html)
    assert finders.find("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"
