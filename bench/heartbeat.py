"""Median time and SQL statements for one seat-time heartbeat and one lesson view.

Times `record_heartbeat` (one conditional upsert on the learner's clock, one UPDATE of the
lesson's active time) and `record_lesson_view` (clock upsert + progress upsert), with the
clock fast-forwarded 30 s between calls so every heartbeat counts.

    .venv/bin/python bench/heartbeat.py [--repeat 2000]
"""

import argparse
import time
from datetime import timedelta

from _django import median_ms, setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from courses.models import CourseIndexPage, LessonPage
    from learning.progress import enroll
    from learning.seat_time import record_heartbeat, record_lesson_view
    from tests.factories import make_course

    course = make_course(CourseIndexPage.objects.get(), lessons=5)
    lessons = list(LessonPage.objects.child_of(course).live())
    learner = get_user_model().objects.create_user(email="bench@example.com", password="x")
    enroll(learner, course)
    now = timezone.now()
    record_lesson_view(learner, lessons[0], now=now)

    beat_samples, view_samples = [], []
    for i in range(args.repeat):
        now += timedelta(seconds=30)
        start = time.perf_counter()
        record_heartbeat(learner.pk, lessons[0].pk, now=now)
        beat_samples.append(time.perf_counter() - start)
        now += timedelta(seconds=30)
        start = time.perf_counter()
        record_lesson_view(learner, lessons[i % len(lessons)], now=now)
        view_samples.append(time.perf_counter() - start)

    now += timedelta(seconds=30)
    with CaptureQueriesContext(connection) as beat_queries:
        credited = record_heartbeat(learner.pk, lessons[0].pk, now=now)
    assert credited == 30_000
    with CaptureQueriesContext(connection) as ignored_queries:
        record_heartbeat(learner.pk, lessons[0].pk, now=now)  # a replay: nothing counted
    now += timedelta(seconds=30)
    with CaptureQueriesContext(connection) as view_queries:
        record_lesson_view(learner, lessons[1], now=now)

    vendor = connection.vendor
    print(f"seat time, median of {args.repeat}, {vendor}, DEBUG off")
    print(
        f"  heartbeat counted (record_heartbeat): {median_ms(beat_samples):6.3f} ms, "
        f"{len(beat_queries)} SQL statements ({len(ignored_queries)} when ignored)"
    )
    print(
        f"  lesson view (record_lesson_view):     {median_ms(view_samples):6.3f} ms, "
        f"{len(view_queries)} SQL statements"
    )


if __name__ == "__main__":
    main()
