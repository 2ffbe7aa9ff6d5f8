"""Seat time: the shared clock, heartbeats, lesson views, the minimum-time gate, records."""

from datetime import timedelta

from django.utils import timezone

import pytest

from courses.models import LessonPage
from learning.models import LessonProgress
from learning.progress import enroll
from learning.seat_time import lesson_seconds, record_heartbeat, record_lesson_view
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
