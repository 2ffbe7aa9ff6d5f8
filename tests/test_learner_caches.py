"""Pages and a learner's quiz state come from the cache on the busy paths (routing, the
quiz page, the start); every change a learner or an editor makes is seen on the next
request all the same."""

from datetime import timedelta

from django.utils import timezone

from courses.models import LessonPage
from home.models import HomePage
from quizzes.models import Accommodation, Attempt, QuizPage
from tests.certs import open_all_lessons, right_answers
from tests.factories import LessonPageFactory, make_course, publish


def _answers(attempt, right):
    chosen = right_answers(attempt)
    if right:
        return chosen
    return {
        q["id"]: [c["id"] for c in q["choices"] if c["id"] not in chosen[q["id"]]][:1]
        for q in attempt.questions
    }


def _submit(client, attempt, right):
    data = {f"q-{qid}": picks for qid, picks in _answers(attempt, right).items()}
    url = f"{attempt.quiz.url}attempt/{attempt.pk}/"
    return client.post(url, {"action": "submit", **data})


def _started(client, catalog, learner, **quiz_fields):
    """A one-lesson module whose lesson the learner opened, and their first attempt begun."""
    course = make_course(catalog, lessons=1, **quiz_fields)
    quiz = QuizPage.objects.child_of(course).get()
    open_all_lessons(learner, course)
    client.force_login(learner)
    client.post(quiz.url + "start/")
    return course, quiz


def test_a_page_edit_is_seen_on_the_next_request(client, catalog):
    course = make_course(catalog, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    assert "Renamed lesson" not in client.get(lesson.url).content.decode()
    lesson.title = "Renamed lesson"
    publish(lesson)
    assert "Renamed lesson" in client.get(lesson.url).content.decode()

    lesson.body = [("markdown", "A **rewritten** paragraph.")]
    publish(lesson)
    assert "A <strong>rewritten</strong> paragraph." in client.get(lesson.url).content.decode()

    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404
    course.unpublish()
    assert client.get(course.url).status_code == 404


def test_a_home_page_edit_is_seen_on_the_next_request(client, catalog):
    assert client.get("/").status_code == 200
    home = HomePage.objects.get()
    home.intro = "<p>Renewal season is open.</p>"
    publish(home)
    assert "Renewal season is open." in client.get("/").content.decode()


def test_warm_pages_cost_few_queries(client, catalog, learner, django_assert_max_num_queries):
    course = make_course(catalog, lessons=2)
    lessons = list(LessonPage.objects.child_of(course))
    quiz = QuizPage.objects.child_of(course).get()
    client.force_login(learner)
    for url in [course.url, *(lesson.url for lesson in lessons), quiz.url]:
        client.get(url)
    # Session and user (the test settings keep sessions in the database); nothing else.
    with django_assert_max_num_queries(2):
        assert client.get(lessons[0].url).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(quiz.url).status_code == 200
    response = client.post(quiz.url + "start/")
    with django_assert_max_num_queries(3):
        assert client.get(response["Location"]).status_code == 200


def test_a_failed_attempt_shows_on_the_module_page_at_once(client, catalog, learner):
    course, quiz = _started(client, catalog, learner, pass_mark=100)
    client.get(course.url)  # the status is cached while the attempt is open
    assert _submit(client, Attempt.objects.get(), right=False).status_code == 302
    assert "best score 0%" in client.get(course.url).content.decode()
    assert "Attempt 1" in client.get(quiz.url).content.decode()


def test_the_lesson_rule_sees_a_lesson_opened_or_published_since(client, catalog, learner):
    course = make_course(catalog, lessons=2, require_all_lessons=True)
    first, second = LessonPage.objects.child_of(course)
    quiz = QuizPage.objects.child_of(course).get()
    client.force_login(learner)
    client.get(first.url)
    assert "Open every lesson" in client.get(quiz.url).content.decode()
    client.get(second.url)
    assert "Start attempt 1" in client.get(quiz.url).content.decode()

    publish(LessonPageFactory(parent=course))  # a new lesson: not opened yet
    assert "Open every lesson" in client.get(quiz.url).content.decode()
    response = client.post(quiz.url + "start/")
    assert response.status_code == 302 and not Attempt.objects.exists()


def test_an_accommodation_granted_later_applies_at_once(client, catalog, learner, make_user):
    _course, quiz = _started(client, catalog, learner, attempts_allowed=1, pass_mark=100)
    _submit(client, Attempt.objects.get(), right=False)
    assert "used all 1 attempts" in client.get(quiz.url).content.decode()

    Accommodation.objects.create(
        quiz=quiz,
        learner=learner,
        extra_attempts=1,
        reason="Documented disability",
        granted_by=make_user(email="admin@example.com", is_staff=True),
    )
    assert "Start attempt 2" in client.get(quiz.url).content.decode()
    assert client.post(quiz.url + "start/").status_code == 302
    assert Attempt.objects.filter(number=2).exists()


def test_an_attempt_past_its_deadline_is_graded_from_the_cached_list(client, catalog, learner):
    _course, quiz = _started(client, catalog, learner, time_limit_minutes=10)
    assert "Resume attempt 1" in client.get(quiz.url).content.decode()  # now cached
    attempt = Attempt.objects.get()
    attempt.responses = right_answers(attempt)
    attempt.save()
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )  # an UPDATE: the cached list still holds the attempt as open
    page = client.get(quiz.url).content.decode()
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.passed
    assert "Resume attempt" not in page
