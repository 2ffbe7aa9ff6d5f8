"""Seat time: the shared clock, heartbeats, lesson views, the minimum-time gate, records."""

import io
import json
import random
from datetime import timedelta

from django.utils import timezone

import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from certificates.models import Certificate
from certifying_bodies.models import CertifyingBody
from courses.models import LessonPage
from learning.models import LessonProgress, ModuleTimeRule, SeatTimeSettings
from learning.progress import enroll
from learning.seat_time import (
    lesson_seconds,
    record_heartbeat,
    record_lesson_view,
    required_minutes,
)
from learning.views_seat_time import heartbeat_token
from lrs.outbox import completion_record
from quizzes.models import QuizPage
from quizzes.services import AttemptNotAllowed, start_attempt
from records.completions import RECORD_FIELDS, RecordFilter, completion_records, public_record
from records.exports import write_export
from records.xapi import completion_statements, measured_duration
from tests.certs import approve, pass_course
from tests.factories import make_course

T0 = timezone.now().replace(microsecond=0)


def at(seconds):
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def module(catalog, learner):
    course = make_course(catalog, lessons=3)
    enroll(learner, course)
    lessons = list(LessonPage.objects.child_of(course).live())
    return course, lessons


def active(learner, lesson):
    return LessonProgress.objects.get(learner=learner, lesson=lesson).active_ms / 1000


def test_heartbeats_count_the_time_between_them(module, learner):
    course, (first, *_rest) = module
    record_lesson_view(learner, first, now=at(0))
    assert record_heartbeat(learner.pk, first.pk, now=at(30)) == 30_000
    assert record_heartbeat(learner.pk, first.pk, now=at(60)) == 30_000
    assert lesson_seconds(learner, course) == 60


def test_idle_gap_counts_at_most_the_cap(module, learner):
    course, (first, *_rest) = module
    record_lesson_view(learner, first, now=at(0))
    # A heartbeat after ten idle minutes adds at most the interval plus slack (45 s).
    assert record_heartbeat(learner.pk, first.pk, now=at(600)) == 45_000
    # Without JavaScript a view counts the gap before it, capped at the idle timeout.
    second = module[1][1]
    record_lesson_view(learner, second, now=at(600 + 3600))
    assert active(learner, first) == 45 + 300


@pytest.mark.parametrize(
    ("case", "expected_ms"),
    [
        ("replay", 0),  # the same instant again
        ("earlier", 0),  # a clock change backwards
        ("too_fast", 0),  # within half an interval
        ("another_learner", 0),  # the lesson is not in a module this learner enrolled in
        ("not_enrolled", 0),
        ("not_live", 0),
        ("regular", 30_000),
    ],
)
def test_heartbeats_that_are_ignored(case, expected_ms, module, learner, make_user, catalog):
    course, (first, *_rest) = module
    record_lesson_view(learner, first, now=at(0))
    record_heartbeat(learner.pk, first.pk, now=at(30))
    lesson_id, learner_id, now = first.pk, learner.pk, at(60)
    if case == "replay":
        now = at(30)
    elif case == "earlier":
        now = at(10)
    elif case == "too_fast":
        now = at(40)
    elif case == "another_learner":
        learner_id = make_user().pk
    elif case == "not_enrolled":
        lesson_id = LessonPage.objects.child_of(make_course(catalog, lessons=1)).get().pk
    elif case == "not_live":
        first.unpublish()
    assert record_heartbeat(learner_id, lesson_id, now=now) == expected_ms
    assert active(learner, first) == 30 + expected_ms / 1000


def test_two_tabs_share_one_clock(module, learner):
    course, (first, second, _third) = module
    record_lesson_view(learner, first, now=at(0))
    record_lesson_view(learner, second, now=at(5))  # second tab
    for tick in range(1, 11):  # both tabs beat every 30 s, 15 s apart
        record_heartbeat(learner.pk, first.pk, now=at(5 + 30 * tick))
        record_heartbeat(learner.pk, second.pk, now=at(20 + 30 * tick))
    assert lesson_seconds(learner, course) == 320  # the wall-clock span, not twice it


def test_without_javascript_page_views_count_for_the_lesson_before(module, learner):
    course, (first, second, third) = module
    record_lesson_view(learner, first, now=at(0))
    record_lesson_view(learner, second, now=at(120))
    record_lesson_view(learner, third, now=at(200))
    record_lesson_view(learner, third, now=at(200))  # a reload in the same instant
    assert (active(learner, first), active(learner, second), active(learner, third)) == (
        120,
        80,
        0,
    )


def test_active_time_never_exceeds_wall_clock(module, learner):
    course, lessons = module
    rng = random.Random(7)
    clock = 0.0
    for _ in range(300):
        clock += rng.choice([0, 0.5, 3, 14, 16, 29, 31, 60, 400]) * rng.choice([1, -0.1])
        lesson = rng.choice(lessons)
        if rng.random() < 0.3:
            record_lesson_view(learner, lesson, now=at(clock))
        else:
            record_heartbeat(learner.pk, lesson.pk, now=at(clock))
    latest = max(0.0, clock)
    assert 0 < lesson_seconds(learner, course) <= latest + 1e-6 or latest == 0


def test_minimum_time_refuses_and_then_allows_the_quiz(module, learner):
    course, (first, second, third) = module
    ModuleTimeRule.objects.create(course=course, minimum_minutes=2)
    quiz = QuizPage.objects.child_of(course).get()
    for lesson in (first, second, third):
        record_lesson_view(learner, lesson, now=at(0))
    with pytest.raises(AttemptNotAllowed, match="2 more to go"):
        start_attempt(quiz, learner)
    record_lesson_view(learner, first, now=at(60))
    with pytest.raises(AttemptNotAllowed, match="1 more to go"):
        start_attempt(quiz, learner)
    record_lesson_view(learner, first, now=at(120))
    assert start_attempt(quiz, learner).pk


def test_site_share_of_contact_hours(module, learner):
    course, lessons = module
    site = course.get_site()
    SeatTimeSettings.objects.create(site=site, minimum_share_of_contact_hours=50)
    assert required_minutes(course) == -(-(course.contact_hours * 60 * 50) // 100)
    ModuleTimeRule.objects.create(course=course, minimum_minutes=3)
    assert required_minutes(course) == 3


def test_status_panel_and_quiz_landing_show_the_time(client, module, learner):
    course, (first, *_rest) = module
    ModuleTimeRule.objects.create(course=course, minimum_minutes=5)
    record_lesson_view(learner, first, now=at(0))
    record_lesson_view(learner, first, now=at(90))
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Active time so far: 1 minute." in html and "4 minutes left" in html
    quiz = QuizPage.objects.child_of(course).get()
    assert "4 more to go" in client.get(quiz.url).content.decode()


def test_heartbeat_endpoint_answers_json(client, module, learner, make_user):
    course, (first, *_rest) = module
    client.force_login(learner)
    html = client.get(first.url).content.decode()
    assert "learning/heartbeat.js" in html
    token = heartbeat_token(learner.pk, first.pk)
    url = "/learning/heartbeat/"
    ok = client.post(url, {"lesson": first.pk, "token": token}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["counted_seconds"] == 0  # too fast
    assert client.get(url).status_code == 405
    bad = client.post(url, "nonsense", content_type="application/json")
    assert bad.status_code == 400 and "error" in bad.json()
    other = make_user()
    stolen = heartbeat_token(other.pk, first.pk)
    refused = client.post(
        url, {"lesson": first.pk, "token": stolen}, content_type="application/json"
    )
    assert refused.status_code == 403
    forged = client.post(url, {"lesson": 999999, "token": token}, content_type="application/json")
    assert forged.status_code == 403
    client.logout()
    assert client.post(url, {"lesson": first.pk, "token": token}).status_code == 403


def test_heartbeat_costs_at_most_two_statements(module, learner, django_assert_max_num_queries):
    course, (first, *_rest) = module
    record_lesson_view(learner, first, now=at(0))
    with django_assert_max_num_queries(2):
        assert record_heartbeat(learner.pk, first.pk, now=at(30)) == 30_000
    with django_assert_max_num_queries(2):
        assert record_heartbeat(learner.pk, first.pk, now=at(31)) == 0


def test_records_exports_and_xapi_carry_the_measured_time(module, learner):
    course, lessons = module
    approve(course)
    for lesson in lessons:
        record_lesson_view(learner, lesson, now=at(0))
    record_lesson_view(learner, lessons[0], now=at(240))  # 4 minutes, credited to the last
    pass_course(learner, course)
    (record,) = completion_records(RecordFilter(body=CertifyingBody.objects.get()))
    assert record["active_minutes"] == 4
    assert public_record(record)["active_minutes"] == 4
    assert "active_minutes" in RECORD_FIELDS
    out = io.StringIO()
    write_export(RecordFilter(body=CertifyingBody.objects.get()), "jsonl", out)
    assert json.loads(out.getvalue().splitlines()[0])["active_minutes"] == 4
    completed, passed = completion_statements(record)
    for statement in (completed, passed):
        BaseXapiStatement.model_validate(statement)
        assert statement["result"]["duration"] == "PT4M0S"
    certificate = Certificate.objects.get(learner=learner)
    outbox = completion_statements(completion_record(certificate))
    assert outbox[0]["result"]["duration"].startswith("PT4M")


def test_xapi_keeps_the_attempt_duration_without_seat_time():
    start = T0
    record = {"attempt_started_at": start, "attempt_submitted_at": start + timedelta(minutes=3)}
    assert measured_duration(record) == timedelta(minutes=3)
    assert measured_duration({**record, "active_minutes": 9}) == timedelta(minutes=9)
