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
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from courses.models import CoursePage
from quizzes.models import Attempt, QuizPage

from .models import LessonProgress, ModuleTimeRule, SeatClock, SeatTimeSettings

CLOCK = SeatClock._meta.db_table
PROGRESS = LessonProgress._meta.db_table


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
    return credit


def record_lesson_view(learner, lesson, *, now=None) -> int:
    """Note the lesson opened and count the time since the learner's last counted instant
    for the lesson viewed before (capped at the idle timeout): two SQL statements.

    Replaces `progress.record_lesson_opened` on the lesson page; returns the credit (ms)."""
    now = now or timezone.now()
    now_ms = _ms(now)
    cap = idle_timeout_seconds() * 1000
    opened = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_VIEW_SQL, [learner.pk, now_ms, learner.pk, lesson.pk, cap, cap])
        row = cursor.fetchone()
        credit, credited_lesson = row if row else (0, None)
        rows = [(lesson.pk, 0)]
        if credit > 0 and credited_lesson is not None:
            if credited_lesson == lesson.pk:
                rows = [(lesson.pk, credit)]
            else:
                rows.append((credited_lesson, credit))
        else:
            credit = 0
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
        params = []
        for lesson_id, active in rows:
            params += [learner.pk, lesson_id, opened, opened, active]
        # The viewed lesson's row is opened now; the credited one only gains time.
        cursor.execute(
            f"INSERT INTO {PROGRESS} (learner_id, lesson_id, first_opened_at, last_opened_at, "  # noqa: S608
            f"active_ms) VALUES {values} ON CONFLICT (learner_id, lesson_id) DO UPDATE SET "
            f"last_opened_at = CASE WHEN excluded.lesson_id = %s THEN excluded.last_opened_at "
            f"ELSE {PROGRESS}.last_opened_at END, "
            f"active_ms = {PROGRESS}.active_ms + excluded.active_ms",
            [*params, lesson.pk],
        )
    return credit


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
    quizzes = {quiz.pk: quiz for quiz in QuizPage.objects.child_of(course)}
    attempts = Attempt.objects.filter(
        learner=learner, quiz_id__in=list(quizzes), status="submitted"
    ).only("quiz_id", "started_at", "submitted_at", "deadline")
    for attempt in attempts:
        if attempt.started_at and attempt.submitted_at:
            span = min(
                attempt.submitted_at - attempt.started_at,
                attempt_cap(quizzes[attempt.quiz_id], attempt),
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


def required_minutes(course) -> int:
    """The module's minimum active time in minutes: its own rule, else the site share of
    its contact hours, else 0 (off)."""
    rule = ModuleTimeRule.objects.filter(course=course).first()
    if rule is not None:
        return rule.minimum_minutes
    site = course.get_site()
    if site is None:
        return 0
    share = SeatTimeSettings.for_site(site).minimum_share_of_contact_hours
    if not share:
        return 0
    return int(-(-(course.contact_hours * 60 * share) // 100))  # rounded up


def seat_time(learner, course) -> SeatTime:
    return SeatTime(
        lesson_seconds=lesson_seconds(learner, course),
        quiz_seconds=quiz_seconds(learner, course),
        required_minutes=required_minutes(course),
    )


def module_active_seconds(learner_id, course_id) -> float:
    """The learner's measured time in the module (lessons and quiz attempts), in seconds:
    what completion records, exports and xAPI carry."""
    course = CoursePage.objects.get(pk=course_id)
    return lesson_seconds(learner_id, course) + quiz_seconds(learner_id, course)


def completer_active_minutes(course, learner_ids) -> list[int]:
    """Each listed learner's measured minutes in the module (lessons and quiz)."""
    return [
        int((lesson_seconds(pk, course) + quiz_seconds(pk, course)) // 60) for pk in learner_ids
    ]


def minutes_still_needed(learner, course) -> str:
    """The quiz start refusal naming the time still needed, or ""."""
    required = required_minutes(course)
    if not required:
        return ""
    measured = SeatTime(lesson_seconds(learner, course), quiz_seconds(learner, course), required)
    left = measured.remaining_minutes
    if not left:
        return ""
    return (
        f"This module asks for at least {required} minutes of active study before the quiz: "
        f"you have {measured.minutes} so far, {left} more to go."
    )
