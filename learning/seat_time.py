"""Seat time: each learner's active time per lesson and per module, measured on the server.

One clock per learner (`SeatClock.counted_ms`, the last instant counted) is shared by every
tab and every module. An event at instant `now` credits `min(now - counted, cap)` to a
lesson and moves the clock to `now`, in one conditional upsert (INSERT ... ON CONFLICT DO
UPDATE ... WHERE ... RETURNING), then adds the credit to the lesson's progress row:

- a heartbeat (JavaScript, every CEC_HEARTBEAT_SECONDS while the tab is visible and the
  learner active) credits the lesson it names, capped at the interval plus half of it;
  one arriving within half an interval of the last counted instant is ignored (too fast);
- a lesson view (works without JavaScript) credits the lesson viewed before it, capped at
  CEC_IDLE_TIMEOUT_SECONDS (the idle timeout);
- an instant at or before the clock (a second tab, a replay, a clock change) adds nothing,
  so active time never exceeds wall-clock time.

Only live lessons of live modules the learner is enrolled in are credited. Time on the quiz
comes from the submitted attempts (started_at to submitted_at), capped at the quiz's time
limit plus grace, or at the idle timeout for an untimed quiz.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from core.learner_cache import touch_learner
from courses.models import CoursePage
from courses.page_cache import cached_for_pages
from quizzes.models import Attempt

from .models import LessonProgress, ModuleTimeRule, SeatClock, SeatTimeSettings

CLOCK = SeatClock._meta.db_table
PROGRESS = LessonProgress._meta.db_table
CACHE_SECONDS = 24 * 60 * 60


def heartbeat_seconds() -> int:
    return int(getattr(settings, "CEC_HEARTBEAT_SECONDS", 30))


def idle_timeout_seconds() -> int:
    return int(getattr(settings, "CEC_IDLE_TIMEOUT_SECONDS", 300))


def heartbeat_cap_ms() -> int:
    """The most one heartbeat can add: the interval plus half of it (slack for timers)."""
    return heartbeat_seconds() * 1500


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


# The lesson, if it is live, in a live module the learner is enrolled in. Wagtail's page
# paths grow by 4 characters a level, so the module is the page whose path is the lesson's
# minus the last step.
_ENROLLED_LESSON = (
    "SELECT p.id AS id FROM wagtailcore_page p "
    "JOIN courses_lessonpage l ON l.page_ptr_id = p.id "
    "JOIN wagtailcore_page c ON c.path = SUBSTR(p.path, 1, LENGTH(p.path) - 4) "
    "JOIN courses_enrollment e ON e.course_id = c.id AND e.learner_id = %s "
    "WHERE p.id = %s AND p.live AND c.live"
)

_GAP = f"(excluded.counted_ms - {CLOCK}.counted_ms)"

# A heartbeat: nothing happens unless the lesson qualifies (the SELECT yields no row).
_HEARTBEAT_SQL = (
    f"INSERT INTO {CLOCK} (learner_id, counted_ms, lesson_id, credit_ms, credit_lesson_id) "  # noqa: S608 (table names from model metadata)
    f"SELECT %s, %s, v.id, 0, NULL FROM ({_ENROLLED_LESSON}) v WHERE TRUE "
    "ON CONFLICT (learner_id) DO UPDATE SET "
    f"credit_ms = CASE WHEN {_GAP} < %s THEN {_GAP} ELSE %s END, "
    "credit_lesson_id = excluded.lesson_id, "
    "counted_ms = excluded.counted_ms, lesson_id = excluded.lesson_id "
    f"WHERE {_GAP} >= %s "
    "RETURNING credit_ms, credit_lesson_id"
)

# A lesson view: always moves the clock (the time before it was spent on the lesson viewed
# before, which is credited); the clock remembers this lesson only if it qualifies.
_VIEW_SQL = (
    f"INSERT INTO {CLOCK} (learner_id, counted_ms, lesson_id, credit_ms, credit_lesson_id) "  # noqa: S608 (table names from model metadata)
    f"SELECT %s, %s, v.id, 0, NULL FROM (SELECT 1 AS one) base "
    f"LEFT JOIN ({_ENROLLED_LESSON}) v ON TRUE WHERE TRUE "
    "ON CONFLICT (learner_id) DO UPDATE SET "
    f"credit_ms = CASE WHEN {_GAP} < %s THEN {_GAP} ELSE %s END, "
    f"credit_lesson_id = {CLOCK}.lesson_id, "
    "counted_ms = excluded.counted_ms, lesson_id = excluded.lesson_id "
    f"WHERE {_GAP} > 0 "
    "RETURNING credit_ms, credit_lesson_id"
)

_ADD_TO_LESSON_SQL = (
    f"UPDATE {PROGRESS} SET active_ms = active_ms + %s WHERE learner_id = %s AND lesson_id = %s"  # noqa: S608
)


def record_heartbeat(learner_id: int, lesson_id: int, *, now=None) -> int:
    """Count a heartbeat from the lesson page; return the milliseconds credited (0 if
    ignored). At most two SQL statements."""
    flush_lesson_views(learner_id)  # the views before it come first on the clock
    now_ms = _ms(now or timezone.now())
    cap = heartbeat_cap_ms()
    min_gap = heartbeat_seconds() * 500
    with connection.cursor() as cursor:
        cursor.execute(
            _HEARTBEAT_SQL, [learner_id, now_ms, learner_id, lesson_id, cap, cap, min_gap]
        )
        row = cursor.fetchone()
        if not row or row[0] <= 0 or row[1] is None:
            return 0
        credit, credited_lesson = row
        cursor.execute(_ADD_TO_LESSON_SQL, [credit, learner_id, credited_lesson])
    touch_learner(learner_id)
    return credit


def record_lesson_view(learner, lesson, *, now=None) -> int:
    """Note the lesson opened and count the time since the learner's last counted instant
    for the lesson viewed before (capped at the idle timeout): two SQL statements.

    Returns the credit (ms). The lesson page goes through `note_lesson_view`, which calls
    this at once for a first opening and in batches otherwise."""
    return _record_view(learner.pk, lesson.pk, now or timezone.now())


def _record_view(learner_id, lesson_id, now) -> int:
    now_ms = _ms(now)
    cap = idle_timeout_seconds() * 1000
    opened = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_VIEW_SQL, [learner_id, now_ms, learner_id, lesson_id, cap, cap])
        row = cursor.fetchone()
        credit, credited_lesson = row if row else (0, None)
        rows = [(lesson_id, 0)]
        if credit > 0 and credited_lesson is not None:
            if credited_lesson == lesson_id:
                rows = [(lesson_id, credit)]
            else:
                rows.append((credited_lesson, credit))
        else:
            credit = 0
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
        params = []
        for row_lesson, active in rows:
            params += [learner_id, row_lesson, opened, opened, active]
        # The viewed lesson's row is opened now (never moved back by a late replay); the
        # credited one only gains time.
        cursor.execute(
            f"INSERT INTO {PROGRESS} (learner_id, lesson_id, first_opened_at, last_opened_at, "  # noqa: S608
            f"active_ms) VALUES {values} ON CONFLICT (learner_id, lesson_id) DO UPDATE SET "
            f"last_opened_at = CASE WHEN excluded.lesson_id = %s "
            f"AND excluded.last_opened_at > {PROGRESS}.last_opened_at "
            f"THEN excluded.last_opened_at ELSE {PROGRESS}.last_opened_at END, "
            f"active_ms = {PROGRESS}.active_ms + excluded.active_ms",
            [*params, lesson_id],
        )
    touch_learner(learner_id)
    return credit


# --- lesson views without a write on the page's hot path ----------------------------------
#
# A lesson's first opening is written at once (the outline's marks and the quiz's lesson
# rule need it). Later views of opened lessons wait in the cache as (instant, lesson) and
# are replayed through `_record_view`, in time order, when the oldest is
# CEC_LESSON_VIEW_FLUSH_SECONDS old, at the learner's next heartbeat or first opening, and
# before anything reads the learner's seat time. Replaying gives the same rows as writing at
# once: an instant at or before the clock adds nothing, so a replay twice counts once. A lost
# cache loses at most that window's views, which only ever under-counts. 0 writes at once.

_MAX_WAITING = 50


def lesson_view_flush_seconds() -> int:
    return int(getattr(settings, "CEC_LESSON_VIEW_FLUSH_SECONDS", 120))


def _waiting_key(learner_id):
    return f"learning:views:{learner_id}"


def _opened_key(learner_id):
    return f"learning:opened:{learner_id}"


def _replay(learner_id, waiting):
    with transaction.atomic():
        for moment_ms, lesson_id in sorted(waiting):
            _record_view(learner_id, lesson_id, datetime.fromtimestamp(moment_ms / 1000, UTC))


def note_lesson_view(learner, lesson, *, now=None) -> None:
    """The lesson page's record of a view: at once for a first opening, batched after."""
    now = now or timezone.now()
    window = lesson_view_flush_seconds()
    if not window:
        _record_view(learner.pk, lesson.pk, now)
        return
    waiting_key, opened_key = _waiting_key(learner.pk), _opened_key(learner.pk)
    cached = cache.get_many([waiting_key, opened_key])
    waiting, opened = cached.get(waiting_key, []), cached.get(opened_key, frozenset())
    if lesson.pk not in opened:
        if waiting:
            _replay(learner.pk, waiting)
        _record_view(learner.pk, lesson.pk, now)
        cache.delete(waiting_key)
        cache.set(opened_key, opened | {lesson.pk}, CACHE_SECONDS)
        return
    waiting = _coalesced([*waiting, (_ms(now), lesson.pk)])
    if _ms(now) - waiting[0][0] >= window * 1000 or len(waiting) >= _MAX_WAITING:
        cache.delete(waiting_key)
        _replay(learner.pk, waiting)
    else:
        cache.set(waiting_key, waiting, CACHE_SECONDS)


def _coalesced(waiting):
    """Rereads of one lesson keep only the first and the latest view of the run: every
    gap inside a run no longer than the idle cap counts in full, so replaying the two
    credits what replaying them all would."""
    if len(waiting) < 3:
        return waiting
    (start, first), (before, middle), (moment, last) = waiting[-3:]
    cap = idle_timeout_seconds() * 1000
    if first == middle == last and start <= before <= moment and moment - start <= cap:
        return [*waiting[:-2], waiting[-1]]
    return waiting


def flush_lesson_views(*learner_ids) -> None:
    """Write the listed learners' waiting lesson views (before reading their seat time)."""
    if not lesson_view_flush_seconds():
        return
    keys = {_waiting_key(pk): pk for pk in learner_ids}
    found = cache.get_many(list(keys))
    if found:
        cache.delete_many(list(found))
        for key, waiting in found.items():
            _replay(keys[key], waiting)


# --- reading it ------------------------------------------------------------------------


def attempt_cap(quiz, attempt=None) -> timedelta:
    """The most one quiz attempt counts: its time limit plus grace, or the idle timeout.

    An attempt with a deadline counts up to it (the limit it ran under: an accommodation's
    extra time included)."""
    grace = getattr(settings, "QUIZ_DEADLINE_GRACE_SECONDS", 5)
    if attempt is not None and attempt.deadline and attempt.started_at:
        return attempt.deadline - attempt.started_at + timedelta(seconds=grace)
    if quiz.time_limit_minutes:
        return timedelta(minutes=quiz.time_limit_minutes, seconds=grace)
    return timedelta(seconds=idle_timeout_seconds())


def lesson_seconds(learner, course) -> float:
    """Active seconds in the module's lessons (one query)."""
    total = LessonProgress.objects.filter(
        learner=learner,
        lesson__path__startswith=course.path,
        lesson__depth=course.depth + 1,
    ).aggregate(total=Sum("active_ms"))["total"]
    return (total or 0) / 1000


def quiz_seconds(learner, course) -> float:
    """Time in the module's submitted quiz attempts, each capped (see `attempt_cap`)."""
    total = 0.0
    attempts = (
        Attempt.objects.filter(
            learner=learner,
            status="submitted",
            quiz__path__startswith=course.path,
            quiz__depth=course.depth + 1,
        )
        .select_related("quiz")
        .only("quiz__time_limit_minutes", "started_at", "submitted_at", "deadline")
    )
    for attempt in attempts:
        if attempt.started_at and attempt.submitted_at:
            span = min(
                attempt.submitted_at - attempt.started_at, attempt_cap(attempt.quiz, attempt)
            )
            total += max(span.total_seconds(), 0)
    return total


@dataclass(frozen=True)
class SeatTime:
    lesson_seconds: float
    quiz_seconds: float
    required_minutes: int  # 0 = no minimum

    @property
    def seconds(self) -> float:
        return self.lesson_seconds + self.quiz_seconds

    @property
    def minutes(self) -> int:
        return int(self.seconds // 60)

    @property
    def lesson_minutes(self) -> int:
        return int(self.lesson_seconds // 60)

    @property
    def remaining_minutes(self) -> int:
        """Minutes still needed before the quiz (rounded up), 0 when met or off."""
        if not self.required_minutes:
            return 0
        left = self.required_minutes * 60 - self.seconds
        return max(0, -int(-left // 60))


def _rule_and_share(course) -> tuple:
    """(the module's own minimum or None, the site's share of contact hours), kept with the
    published pages (learning.receivers retires them when a rule or the share changes): the
    module page and every quiz start read them."""

    def read():
        rule = ModuleTimeRule.objects.filter(course=course).first()
        site = course.get_site() if rule is None else None
        share = SeatTimeSettings.for_site(site).minimum_share_of_contact_hours if site else 0
        return (rule.minimum_minutes if rule else None, share or 0)

    return cached_for_pages(f"time-rule:{course.pk}", read)


def required_minutes(course) -> int:
    """The module's minimum active time in minutes: its own rule, else the site share of
    its contact hours, else 0 (off)."""
    rule, share = _rule_and_share(course)
    if rule is not None:
        return rule
    if not share:
        return 0
    return int(-(-(course.contact_hours * 60 * share) // 100))  # rounded up


def module_active_seconds(learner_id, course_id) -> float:
    """The learner's measured time in the module (lessons and quiz attempts), in seconds:
    what completion records, exports and xAPI carry."""
    course = CoursePage.objects.get(pk=course_id)
    flush_lesson_views(learner_id)
    return lesson_seconds(learner_id, course) + quiz_seconds(learner_id, course)


def completer_active_minutes(course, learner_ids) -> list[int]:
    """Each listed learner's measured minutes in the module (lessons and quiz)."""
    flush_lesson_views(*learner_ids)
    return [
        int((lesson_seconds(pk, course) + quiz_seconds(pk, course)) // 60) for pk in learner_ids
    ]


def minutes_still_needed(learner, course) -> str:
    """The quiz start refusal naming the time still needed, or ""."""
    required = required_minutes(course)
    if not required:
        return ""
    flush_lesson_views(learner.pk)  # a rule counts every view, waiting ones included
    measured = SeatTime(lesson_seconds(learner, course), quiz_seconds(learner, course), required)
    left = measured.remaining_minutes
    if not left:
        return ""
    return (
        f"This module asks for at least {required} minutes of active study before the quiz: "
        f"you have {measured.minutes} so far, {left} more to go."
    )
