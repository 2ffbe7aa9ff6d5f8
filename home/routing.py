"""Finding the pages learners open most by URL path, from the cache (courses.page_cache),
instead of Wagtail's walk down the tree (two queries per level): modules, lessons, the quiz
and its attempts."""

from wagtail.url_routing import RouteResult

from courses.extensions import course_page_action
from courses.models import CoursePage, LessonPage
from courses.page_cache import cached_for_pages
from quizzes.models import QuizPage
from quizzes.models.pages import QUIZ_SLUG


def _live_at(model, home, path_components):
    url_path = home.url_path + "".join(f"{part}/" for part in path_components)
    return cached_for_pages(
        f"{model._meta.label_lower}:{url_path}",
        lambda: model.objects.filter(url_path=url_path, live=True).first(),
    )


def learner_page_route(home, request, path_components) -> RouteResult | None:
    """The route for /<catalog>/<module>/, its lessons and its quiz's pages, or None to
    let Wagtail walk the tree (anything else, a module action, a 404)."""
    count = len(path_components)
    if count == 2:
        page = _live_at(CoursePage, home, path_components)
        return RouteResult(page) if page is not None else None
    if count < 3 or course_page_action(path_components[2]):
        return None  # a module's action wins over a child page of that slug, as usual
    if count == 3 and path_components[2] != QUIZ_SLUG:
        page = _live_at(LessonPage, home, path_components)
        return RouteResult(page) if page is not None else None
    quiz = _live_at(QuizPage, home, path_components[:3])
    if quiz is None:
        return None
    course = _live_at(CoursePage, home, path_components[:2])
    if course is not None:
        # treebeard's own parent cache: the quiz views ask for their module through it.
        quiz._cached_parent_obj = course
    return quiz.route(request, path_components[3:])
