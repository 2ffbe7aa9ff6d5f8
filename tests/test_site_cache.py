"""The request's Wagtail site comes from the cache, and a site change is seen at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site


def test_a_changed_site_is_seen_on_the_next_request(client, catalog):
    assert client.get(catalog.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(catalog.url).status_code == 200
    assert not [q for q in queries.captured_queries if "wagtailcore_site" in q["sql"]]

    site = Site.objects.get(is_default_site=True)
    site.is_default_site = False
    site.hostname = "elsewhere.example"
    site.save()
    assert client.get(catalog.url).status_code == 404  # no site answers for this host now

    site.is_default_site = True
    site.save()
    assert client.get(catalog.url).status_code == 200


def test_a_page_made_private_is_private_at_once(client, catalog):
    from wagtail.models import PageViewRestriction

    from courses.models import LessonPage
    from tests.factories import make_course

    course = make_course(catalog, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    for url in (course.url, lesson.url):
        assert client.get(url).status_code == 200  # "no page is private" is now cached
    # Restricting the catalog makes its modules and their lessons private too.
    restriction = PageViewRestriction.objects.create(
        page=catalog, restriction_type=PageViewRestriction.LOGIN
    )
    for url in (course.url, lesson.url):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert client.get(lesson.url).status_code == 200
