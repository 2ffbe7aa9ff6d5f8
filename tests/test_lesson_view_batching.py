"""Lesson views write nothing once a lesson is opened: the first opening is written at once,
later views wait in the cache and are replayed, with the same result as writing at once."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from courses.models import LessonPage
from learning.models import LessonProgress, ModuleTimeRule, SeatClock
from learning.progress import enroll
from learning.seat_time import (
    flush_lesson_views,
    lesson_seconds,
    minutes_still_needed,
    note_lesson_view,
    record_heartbeat,
)
from tests.factories import make_course

T0 = timezone.now().replace(microsecond=0)
WRITES = ("INSERT", "UPDATE", "DELETE")


def at(seconds):
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def module(catalog, learner):
    course = make_course(catalog, lessons=3)
    enroll(learner, course)
    return course, list(LessonPage.objects.child_of(course).live())


def progress(learner):
    return {
        row.lesson_id: (row.active_ms, row.last_opened_at)
        for row in LessonProgress.objects.filter(learner=learner)
    }


def writes(queries):
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]


# A learner without JavaScript: opens, rereads, moves on, comes back, idles past the cap.
# Rereads of one lesson in a row (coalesced while waiting), one run longer than the cap.
VISITS = [
    (0, 0), (10, 0), (20, 0), (25, 0), (40, 1), (70, 0), (100, 1), (130, 2), (300, 2),
    (500, 2), (1100, 2), (1160, 0), (1200, 1),
]  # fmt: skip


@pytest.mark.parametrize("window", [0, 120, 100_000])  # at once, batched, all at the end
def test_batched_views_give_the_rows_written_at_once(module, learner, settings, window):
    course, lessons = module
    settings.CEC_LESSON_VIEW_FLUSH_SECONDS = 0
    for moment, index in VISITS:
        note_lesson_view(learner, lessons[index], now=at(moment))
    expected = progress(learner), lesson_seconds(learner, course)
    clock = SeatClock.objects.get(learner=learner)
    LessonProgress.objects.all().delete()
    SeatClock.objects.all().delete()

    settings.CEC_LESSON_VIEW_FLUSH_SECONDS = window
    for moment, index in VISITS:
        note_lesson_view(learner, lessons[index], now=at(moment))
    flush_lesson_views(learner.pk)
    flush_lesson_views(learner.pk)  # a second flush finds nothing to add
    assert (progress(learner), lesson_seconds(learner, course)) == expected
    replayed = SeatClock.objects.get(learner=learner)
    assert (replayed.counted_ms, replayed.lesson_id) == (clock.counted_ms, clock.lesson_id)
    # 10+10+5+15 on the first lesson, then 30, 30, 30, 170, 200, the idle gap capped at
    # 300 s, 60, 40.
    assert expected[1] == 40 + 30 + 30 + 30 + 170 + 200 + 300 + 60 + 40


def test_a_first_opening_is_written_at_once_and_later_views_write_nothing(
    client, module, learner, settings
):
    settings.CEC_LESSON_VIEW_FLUSH_SECONDS = 120
    course, (first, second, _third) = module
    client.force_login(learner)
    with CaptureQueriesContext(connection) as opening:
        assert client.get(first.url).status_code == 200
    assert writes(opening)
    assert LessonProgress.objects.filter(learner=learner, lesson=first).exists()

    with CaptureQueriesContext(connection) as again:
        assert client.get(first.url).status_code == 200
    assert writes(again) == []
    client.get(course.url)  # the site's seat-time settings row is made on first read
    with CaptureQueriesContext(connection) as module_page:
        assert client.get(course.url).status_code == 200
    assert writes(module_page) == []
    # The outline marks the opened lesson straight away; the other is still unopened.
    assert LessonProgress.objects.filter(learner=learner).count() == 1
    client.get(second.url)
    assert set(progress(learner)) == {first.pk, second.pk}


def test_waiting_views_are_written_once_the_window_passes(module, learner, settings):
    settings.CEC_LESSON_VIEW_FLUSH_SECONDS = 120
    course, (first, second, _third) = module
    note_lesson_view(learner, first, now=at(0))
    note_lesson_view(learner, second, now=at(60))
    note_lesson_view(learner, first, now=at(100))  # waits
    assert lesson_seconds(learner, course) == 60
    note_lesson_view(learner, first, now=at(200))  # 100 s after the oldest waiting: waits
    assert lesson_seconds(learner, course) == 60
    note_lesson_view(learner, first, now=at(230))  # 130 s after it: all three written
    assert lesson_seconds(learner, course) == 230


def test_a_heartbeat_and_the_quiz_gate_see_the_waiting_views(module, learner, settings):
    settings.CEC_LESSON_VIEW_FLUSH_SECONDS = 120
    course, (first, second, _third) = module
    ModuleTimeRule.objects.create(course=course, minimum_minutes=3)
    note_lesson_view(learner, first, now=at(0))
    note_lesson_view(learner, second, now=at(60))
    note_lesson_view(learner, first, now=at(90))  # 30 s on the second lesson, waiting
    # The heartbeat credits from the replayed view at 90 s, not from the one at 60 s.
    assert record_heartbeat(learner.pk, first.pk, now=at(120)) == 30_000
    assert lesson_seconds(learner, course) == 120
    note_lesson_view(learner, second, now=at(170))  # waiting: 50 s more on the first
    assert "you have 2 so far, 1 more to go" in minutes_still_needed(learner, course)
    assert lesson_seconds(learner, course) == 170


def test_a_lost_cache_only_loses_waiting_time(module, learner, settings):
    from django.core.cache import cache

    settings.CEC_LESSON_VIEW_FLUSH_SECONDS = 120
    course, (first, second, _third) = module
    note_lesson_view(learner, first, now=at(0))
    note_lesson_view(learner, second, now=at(60))
    note_lesson_view(learner, first, now=at(100))
    cache.clear()
    note_lesson_view(learner, second, now=at(130))  # unknown to the cache: written at once
    flush_lesson_views(learner.pk)
    # The 40 s on the second lesson waited in the lost cache; nothing is counted twice.
    assert lesson_seconds(learner, course) <= 130
    assert lesson_seconds(learner, course) == 60 + 70


def test_module_and_lesson_pages_route_in_few_queries(
    client, module, learner, settings, django_assert_max_num_queries
):
    course, (first, *_rest) = module
    client.force_login(learner)
    client.get(first.url)
    client.get(course.url)
    with django_assert_max_num_queries(5):
        response = client.get(first.url)
    assert response.status_code == 200
    assert first.title in response.content.decode()
    with django_assert_max_num_queries(5):
        response = client.get(course.url)
    assert response.status_code == 200


def test_a_module_action_still_wins_over_routing_by_path(client, module, learner):
    course, _lessons = module
    client.force_login(learner)
    response = client.get(course.url + "enroll/")
    assert response.status_code in (302, 405)  # the enrol action, not a lesson or a 404
    assert client.get(course.url + "no-such-lesson/").status_code == 404
    course.unpublish()
    assert client.get(course.url).status_code == 404


def test_the_user_bar_shows_for_editors_only(client, module, make_user):
    course, (first, *_rest) = module
    learner = make_user()
    client.force_login(learner)
    assert "wagtail-userbar" not in client.get(first.url).content.decode()
    editor = make_user()
    editors = Group.objects.create(name="Bench editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    assert "wagtail-userbar" in client.get(first.url).content.decode()

    # A learner made an editor sees the bar once the remembered answer expires.
    client.force_login(learner)
    client.get(first.url)
    learner.groups.add(editors)
    assert "wagtail-userbar" not in client.get(first.url).content.decode()
    session = client.session
    allowed, until = session["editor_userbar"]
    session["editor_userbar"] = [allowed, until - 301]
    session.save()
    assert "wagtail-userbar" in client.get(first.url).content.decode()


def test_the_module_page_follows_the_learners_changes(client, module, learner):
    from tests.certs import pass_course

    course, lessons = module
    client.force_login(learner)
    assert "Lessons opened: 0 of 3." in client.get(course.url).content.decode()
    pass_course(learner, course)  # opens every lesson and passes the quiz
    html = client.get(course.url).content.decode()
    assert "100% complete" in html
    LessonProgress.objects.filter(learner=learner).delete()  # an admin resets the lessons
    html = client.get(course.url).content.decode()
    assert "Lessons opened: 0 of 3." in html and "100% complete" not in html


def test_rereading_one_lesson_keeps_two_views_waiting(module, learner, settings):
    from django.core.cache import cache

    settings.CEC_LESSON_VIEW_FLUSH_SECONDS = 120
    course, (first, *_rest) = module
    note_lesson_view(learner, first, now=at(0))
    for second in range(1, 100):
        note_lesson_view(learner, first, now=at(second))
    assert len(cache.get(f"learning:views:{learner.pk}")) == 2
    flush_lesson_views(learner.pk)
    assert lesson_seconds(learner, course) == 99
