from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import CourseIndexPage, CoursePage, LessonPage
from home.models import HomePage, StandardPage
from home.site_setup import ensure_page_tree
from quizzes.models import QuizPage
from tests.factories import LessonPageFactory, make_course, publish


class PageTreeRulesTests(WagtailPageTestCase):
    def test_allowed_parents(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedParentPageTypes(QuizPage, {CoursePage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_allowed_children(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage, QuizPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedSubpageTypes(QuizPage, set())

    def test_a_lesson_cannot_be_created_under_the_catalog(self):
        _, catalog = ensure_page_tree()
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanCreateAt(CourseIndexPage, CoursePage)


def test_site_root_is_a_home_page_with_the_catalog_at_courses(client, site_tree):
    home, catalog = site_tree
    assert catalog.url == "/courses/"
    response = client.get("/")
    assert response.status_code == 200
    assert "Browse the course catalog" in response.content.decode()


def test_every_page_type_renders(client, catalog):
    course = make_course(catalog, lessons=2)
    lesson = LessonPage.objects.child_of(course).first()
    quiz = QuizPage.objects.child_of(course).get()
    home = catalog.get_parent()
    info = publish(
        home.add_child(
            instance=StandardPage(
                title="Accessibility statement", slug="accessibility", body="<p>WCAG 2.2 AA.</p>"
            )
        )
    )
    for page, text in [
        (home, "CEC Platform"),
        (catalog, course.title),
        (course, "Learning objectives"),
        (lesson, lesson.title),
        (quiz, "Pass mark: 80%"),
        (info, "WCAG 2.2 AA."),
    ]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert text in response.content.decode(), page.url


def test_module_page_shows_everything_a_learner_needs(client, launch_course):
    html = client.get(launch_course.url).content.decode()
    assert "CEC-SOP-101" in html
    assert "Contact hours" in html and ">1<" in html
    assert "Learning objectives" in html
    assert "CEC Platform Editorial Team" in html
    # References name the article as a learner can find it, never the internal file name.
    assert "References" in html and "Article on personal trainers, massage requests" in html
    assert "000_32b6a649c2836e18.txt" not in html and ".txt" not in html
    assert "About this module" in html
    lessons = list(LessonPage.objects.child_of(launch_course).live())
    positions = [html.index(lesson.title) for lesson in lessons]
    assert positions == sorted(positions), "lessons are listed in tree order"
    assert "Go to the quiz" in html


def test_lesson_navigation_previous_and_next(client, launch_course):
    first, second, third = LessonPage.objects.child_of(launch_course).live()
    html = client.get(second.url).content.decode()
    assert "Lesson 2 of 3" in html
    assert f'href="{first.url}" rel="prev"' in html
    assert f'href="{third.url}" rel="next"' in html
    last = client.get(third.url).content.decode()
    assert 'rel="next"' not in last
    assert "Back to the module and its quiz" in last
    first_html = client.get(first.url).content.decode()
    assert 'rel="prev"' not in first_html


def test_unpublished_lessons_are_not_listed_or_linked(client, catalog):
    course = make_course(catalog, lessons=2, quiz=False)
    draft = LessonPageFactory(parent=course, title="Secret draft", live=False)
    assert "Secret draft" not in client.get(course.url).content.decode()
    assert client.get(draft.url_path.replace("/home", "", 1)).status_code == 404


def test_catalog_filters_by_topic(client, launch_course):
    html = client.get("/courses/?topic=referral").content.decode()
    assert launch_course.title in html
    html = client.get("/courses/?topic=no-such-topic").content.decode()
    assert launch_course.title not in html
    assert "No modules match" in html


def test_catalog_search_finds_modules_by_words_in_their_text(client, launch_course):
    html = client.get("/courses/?q=bodywork").content.decode()
    assert launch_course.title in html
    assert "1 matching module" in html
    html = client.get("/courses/?q=zebra").content.decode()
    assert "No modules match" in html


def test_catalog_queries_do_not_grow_with_modules(client, catalog, django_assert_max_num_queries):
    make_course(catalog, lessons=1)
    client.get("/courses/")  # warm per-process caches (site root paths, content types)
    with django_assert_max_num_queries(10) as small:
        client.get("/courses/")
    count = len(small.captured_queries)  # read now: the next request resets Django's log
    for _ in range(6):
        make_course(catalog, lessons=3)
    client.get("/courses/")  # warm again: publishing retired the cached pages and site
    with django_assert_max_num_queries(count):
        response = client.get("/courses/")
    assert response.content.decode().count('class="course-card"') == 7


def test_module_page_queries_do_not_grow_with_lessons(
    client, catalog, django_assert_max_num_queries, learner
):
    small = make_course(catalog, lessons=1)
    large = make_course(catalog, lessons=12)
    client.force_login(learner)
    client.get(small.url)
    client.get(large.url)  # both outlines cached, as they are between publishes
    with django_assert_max_num_queries(20) as first:
        client.get(small.url)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(large.url)
    assert response.content.decode().count("lesson-") >= 12


def test_lesson_page_for_a_learner_costs_at_most_two_queries_more_than_a_bare_page(
    client, catalog, learner
):
    course = make_course(catalog, lessons=5)
    lesson = LessonPage.objects.child_of(course).live().last()
    bare = bare_page_at_depth(catalog.get_parent(), lesson.depth)
    client.force_login(learner)
    client.get(bare.url)
    client.get(lesson.url)

    with CaptureQueriesContext(connection) as bare_queries:
        client.get(bare.url)
    with CaptureQueriesContext(connection) as lesson_queries:
        assert client.get(lesson.url).status_code == 200
    assert len(lesson_queries) <= len(bare_queries) + 2


def bare_page_at_depth(home, depth):
    """Plain information pages nested down to `depth`, as a baseline."""
    page = home
    while page.depth < depth:
        page = publish(
            page.add_child(
                instance=StandardPage(title="Info", slug=f"info-{page.depth}", body="<p>Text.</p>")
            )
        )
    return page


def test_cached_outline_follows_publishing(client, catalog):
    course = make_course(catalog, lessons=2)
    first = LessonPage.objects.child_of(course).first()
    assert first.title in client.get(course.url).content.decode()  # outline now cached

    publish(LessonPageFactory(parent=course, title="A brand new lesson"))
    first.title = "Renamed lesson"
    publish(first)
    html = client.get(course.url).content.decode()
    assert "A brand new lesson" in html and "Renamed lesson" in html

    first.unpublish()
    html = client.get(course.url).content.decode()
    assert "Renamed lesson" not in html
    lesson_html = client.get(
        LessonPage.objects.child_of(course).live().first().url
    ).content.decode()
    assert "Lesson 1 of 2" in lesson_html
