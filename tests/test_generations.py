"""Cache round trips on the busy pages: each generation token read once per request, the
pages' values kept in the process while their token holds, a learner's values read and
written as one bundle; and every change still seen on the next request, on any node."""

from django.core.cache import caches
from django.http import HttpResponse

from core.generations import RequestScope
from core.learner_cache import cached_for_learner, touch_learner
from courses.models import LessonPage
from courses.page_cache import GENERATION_KEY, cached_for_pages
from learning.models import ModuleTimeRule
from quizzes.models import QuizPage
from tests.certs import open_all_lessons
from tests.factories import make_course

CACHE_CALLS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr")


def _count_cache_calls(monkeypatch):
    """The cache calls made from now on (a round trip each on Redis); the test cache's
    get_many calls its own get, which does not count."""
    backend, calls, depth = caches["default"], [], [0]
    for name in CACHE_CALLS:
        method = getattr(backend, name)

        def counted(*args, _name=name, _method=method, **kwargs):
            if not depth[0]:
                calls.append((_name, args[0] if args else None))
            depth[0] += 1
            try:
                return _method(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, name, counted)
    return calls


def _in_request(work, status=200):
    """Run work() as a view inside the request scope; returns what it returned."""
    result = []

    def view(request):
        result.append(work())
        return HttpResponse(status=status)

    RequestScope(view)(None)
    return result[0]


def test_a_warm_quiz_page_is_two_round_trips(client, catalog, learner, monkeypatch):
    course = make_course(catalog, lessons=1)
    quiz = QuizPage.objects.child_of(course).get()
    open_all_lessons(learner, course)
    client.force_login(learner)
    assert client.get(quiz.url).status_code == 200
    calls = _count_cache_calls(monkeypatch)
    assert client.get(quiz.url).status_code == 200
    # The pages' token, then the learner's token and bundle together (sessions live in
    # the database under the test settings).
    assert [name for name, _key in calls] == ["get", "get_many"], calls


def test_a_learner_value_computed_in_a_request_is_kept_for_the_next(learner, monkeypatch):
    computed = []

    def compute(name):
        computed.append(name)
        return name.upper()

    def read_three():
        return [cached_for_learner(learner.pk, name, lambda n=name: compute(n)) for name in "abc"]

    calls = _count_cache_calls(monkeypatch)
    assert _in_request(read_three) == ["A", "B", "C"]
    writes = [key for name, key in calls if name == "set"]
    assert writes == [f"learning:bundle:{learner.pk}"]  # one write for the three values
    assert _in_request(read_three) == ["A", "B", "C"]
    assert computed == ["a", "b", "c"]


def test_a_change_in_the_same_request_is_seen_at_once(learner):
    values = iter(["before", "after"])

    def read_touch_read():
        first = cached_for_learner(learner.pk, "status", lambda: next(values))
        touch_learner(learner.pk)
        return first, cached_for_learner(learner.pk, "status", lambda: next(values))

    assert _in_request(read_touch_read) == ("before", "after")
    assert _in_request(lambda: cached_for_learner(learner.pk, "status", str)) == "after"


def test_a_server_error_keeps_nothing_it_computed(learner):
    _in_request(lambda: cached_for_learner(learner.pk, "status", lambda: "wrong"), status=500)
    assert _in_request(lambda: cached_for_learner(learner.pk, "status", lambda: "fresh")) == (
        "fresh"
    )


def test_outside_a_request_values_are_written_through(learner):
    assert cached_for_learner(learner.pk, "status", lambda: "kept") == "kept"
    assert cached_for_learner(learner.pk, "status", lambda: "recomputed") == "kept"


def test_each_caller_gets_its_own_copy_of_a_kept_page(catalog):
    course = make_course(catalog, lessons=1)
    loads = []

    def load():
        loads.append(1)
        return LessonPage.objects.child_of(course).get()

    first = cached_for_pages("test-lesson", load)
    first.title = "Changed by one request"
    second = cached_for_pages("test-lesson", load)
    assert second.title != "Changed by one request" and second.pk == first.pk
    assert len(loads) == 1


def test_a_change_made_on_another_node_is_seen_on_the_next_request(client, catalog):
    course = make_course(catalog, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    assert client.get(lesson.url).status_code == 200
    # Another node renames the lesson with a queryset update and retires the token; this
    # process still holds the old page, and must not serve it.
    LessonPage.objects.filter(pk=lesson.pk).update(title="Renamed elsewhere")
    assert "Renamed elsewhere" not in client.get(lesson.url).content.decode()
    caches["default"].set(GENERATION_KEY, "a token from another node", None)
    assert "Renamed elsewhere" in client.get(lesson.url).content.decode()


def test_a_new_time_rule_is_seen_on_the_next_request(client, catalog, learner):
    course = make_course(catalog, lessons=1)
    quiz = QuizPage.objects.child_of(course).get()
    open_all_lessons(learner, course)
    client.force_login(learner)
    assert "more to go" not in client.get(quiz.url).content.decode()
    ModuleTimeRule.objects.create(course=course, minimum_minutes=30)
    assert "more to go" in client.get(quiz.url).content.decode()
