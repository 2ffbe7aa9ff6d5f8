"""The seat-time heartbeat: POST /learning/heartbeat/ from the lesson page's script.

Answers are always small JSON, never an error page: 200 with what was counted (0 when the
heartbeat was ignored: too fast, replayed, a lesson outside the learner's enrolled and live
modules), 400 for a malformed body, 403 for no log-in or a heartbeat that belongs to
another learner's page, 405 for anything but POST.
"""

import json

from django.core import signing
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse

from core.learner_cache import cached_for_learner

from .seat_time import (
    SeatTime,
    heartbeat_seconds,
    idle_timeout_seconds,
    lesson_seconds,
    quiz_seconds,
    record_heartbeat,
    required_minutes,
)

SALT = "learning.seat_time.heartbeat"


def heartbeat_token(learner_id, lesson_id) -> str:
    """Ties a lesson page to the learner it was served to (no database needed)."""
    return signing.Signer(salt=SALT).sign(f"{learner_id}:{lesson_id}")


def _refuse(status, reason):
    return JsonResponse({"counted_seconds": 0, "error": reason}, status=status)


def heartbeat(request):
    if request.method != "POST":
        return _refuse(405, "POST only.")
    if not request.user.is_authenticated:
        return _refuse(403, "Not logged in.")
    try:
        body = json.loads(request.body or b"{}") if request.body else request.POST
        lesson_id = int(body["lesson"])
        token = str(body["token"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return _refuse(400, "Expected {lesson, token}.")
    try:
        learner_part, lesson_part = signing.Signer(salt=SALT).unsign(token).split(":")
    except (signing.BadSignature, ValueError):
        return _refuse(400, "Bad token.")
    if learner_part != str(request.user.pk) or lesson_part != str(lesson_id):
        return _refuse(403, "This page was served to another learner.")
    credited_ms = record_heartbeat(request.user.pk, lesson_id)
    return JsonResponse({"counted_seconds": credited_ms / 1000})


def heartbeat_script(request, lesson):
    """The lesson page's heartbeat script tag, for logged-in learners (progressive
    enhancement: without JavaScript, lesson views still count)."""
    if not request.user.is_authenticated:
        return None
    return render_to_string(
        "learning/includes/heartbeat.html",
        {
            "url": reverse("learning_heartbeat"),
            "lesson_id": lesson.pk,
            "token": heartbeat_token(request.user.pk, lesson.pk),
            "interval": heartbeat_seconds(),
            "idle": idle_timeout_seconds(),
        },
        request,
    )


def seat_time_status_line(request, course, status):
    """The module page status panel's seat-time line: time so far and what is left."""
    if status is None or not status.enrolled:
        return None
    # A page view writes nothing: the line may lag the lesson views still waiting.
    learner = request.user
    lessons, quiz = cached_for_learner(
        learner.pk,
        f"seat-time:{course.pk}",
        lambda: (lesson_seconds(learner, course), quiz_seconds(learner, course)),
    )
    measured = SeatTime(lessons, quiz, required_minutes(course))
    return render_to_string(
        "learning/includes/seat_time_line.html", {"seat_time": measured}, request
    )
