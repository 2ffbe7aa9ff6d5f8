"""Starting, saving and submitting attempts: every rule of a quiz is enforced here."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail import hooks

from core.learner_cache import touch_learner

from . import accommodations
from .grading import grade_attempt, to_decimal
from .models import Attempt, QuizPage
from .questions import draw_questions, freeze_pool

# Higher layers take part in starting an attempt through two Wagtail hooks, both called with
# (quiz=, learner=, course=) inside the starting transaction:
# - QUIZ_START_REQUIREMENTS_HOOK returns "" or the reason the learner may not start yet
#   (learning: lessons not all opened);
# - QUIZ_ATTEMPT_STARTING_HOOK runs before the attempt is created (learning: enrol the learner
#   and lock the enrolment, so two simultaneous starts take turns).
QUIZ_START_REQUIREMENTS_HOOK = "quiz_start_requirements"
QUIZ_ATTEMPT_STARTING_HOOK = "before_quiz_attempt_start"
# fn(request, attempt, course) -> HTML or None, shown on a submitted attempt's result page
# (certificates: the certificate, or what is left before it).
QUIZ_RESULT_HOOK = "construct_quiz_result_sections"
# - QUIZ_FRESH_START_HOOK returns None or an instant: attempts started before it no longer
#   count (a pass, the attempts used, the cooldown), so the learner may take the quiz
#   afresh (certificates: the learner's certificate for the module has expired).
QUIZ_FRESH_START_HOOK = "quiz_fresh_start"


def counted_attempts(quiz: QuizPage, learner, course, attempts: list[Attempt]) -> list[Attempt]:
    """The attempts the quiz's rules count: those after the latest fresh start, if any."""
    starts = [
        instant
        for fresh_start in hooks.get_hooks(QUIZ_FRESH_START_HOOK)
        if (instant := fresh_start(quiz=quiz, learner=learner, course=course)) is not None
    ]
    if not starts:
        return attempts
    since = max(starts)
    return [attempt for attempt in attempts if attempt.started_at >= since]


class AttemptNotAllowed(Exception):
    """The learner may not start an attempt now; the message says why."""

    def __init__(self, message, *, available_at=None):
        super().__init__(message)
        self.available_at = available_at


class AttemptClosed(Exception):
    """Answers arrived for an attempt that is already submitted or out of time."""


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: str = ""
    available_at: datetime | None = None
    attempts_used: int = 0


def _grace():
    return timedelta(seconds=getattr(settings, "QUIZ_DEADLINE_GRACE_SECONDS", 5))


def check_eligibility(
    quiz: QuizPage, attempts: list[Attempt], *, now, unmet_requirement="", accommodation=None
) -> Eligibility:
    """May a learner with these (submitted) attempts start another one now?

    `unmet_requirement` is the reason a higher layer gave (see `unmet_requirement`);
    `accommodation` the learner's on this quiz, if any (its extra attempts count)."""
    used = len(attempts)
    allowed = accommodations.attempts_allowed(quiz, accommodation)
    if any(attempt.passed for attempt in attempts):
        return Eligibility(False, "You have already passed this quiz.", attempts_used=used)
    if allowed and used >= allowed:
        return Eligibility(
            False,
            f"You have used all {allowed} attempts allowed for this quiz.",
            attempts_used=used,
        )
    if attempts and quiz.cooldown_minutes:
        last = max(attempts, key=lambda attempt: attempt.number)
        available_at = last.submitted_at + timedelta(minutes=quiz.cooldown_minutes)
        if now < available_at:
            return Eligibility(
                False,
                "There is a waiting time after a failed attempt.",
                available_at=available_at,
                attempts_used=used,
            )
    if not quiz.question_count:
        return Eligibility(False, "This quiz has no questions yet.", attempts_used=used)
    if unmet_requirement:
        return Eligibility(False, unmet_requirement, attempts_used=used)
    return Eligibility(True, attempts_used=used)


def unmet_requirement(quiz: QuizPage, learner, course) -> str:
    """The first reason a higher layer gives for not starting yet, or ""."""
    for check in hooks.get_hooks(QUIZ_START_REQUIREMENTS_HOOK):
        reason = check(quiz=quiz, learner=learner, course=course)
        if reason:
            return reason
    return ""


def unanswered_numbers(questions: list[dict], submitted: dict[str, list[str]]) -> list[int]:
    """Numbers (from 1) of the served questions with no valid choice picked."""
    answered = clean_responses(questions, submitted)
    return [n for n, question in enumerate(questions, start=1) if question["id"] not in answered]


def clean_responses(questions: list[dict], submitted: dict[str, list[str]]) -> dict:
    """Keep only answers to served questions that name one of their choices."""
    cleaned = {}
    for question in questions:
        known = {choice["id"] for choice in question["choices"]}
        picked = [
            choice_id for choice_id in submitted.get(question["id"], []) if choice_id in known
        ]
        if picked:
            cleaned[question["id"]] = list(dict.fromkeys(picked))
    return cleaned


def _close(attempt: Attempt, *, now, at_deadline: bool) -> bool:
    """Grade and submit the attempt with its saved responses; False if already submitted.

    The conditional update makes the first submit win even when two arrive together, on
    every database; whoever loses reads the winner's result.
    """
    grade = grade_attempt(attempt.questions, attempt.responses)
    fields = {
        "status": Attempt.Status.SUBMITTED,
        "submitted_at": now,
        "closed_at_deadline": at_deadline,
        "responses": attempt.responses,
        "results": {
            result.question_id: {
                "awarded": str(to_decimal(result.awarded)),
                "possible": str(to_decimal(result.possible)),
                "correct": result.fully_correct,
            }
            for result in grade.results
        },
        "score_points": to_decimal(grade.awarded),
        "max_points": to_decimal(grade.possible),
        "score_percent": grade.percent,
        "passed": grade.passed(attempt.pass_mark),
    }
    won = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(**fields)
    if won:
        for name, value in fields.items():
            setattr(attempt, name, value)
        touch_learner(attempt.learner_id)  # an UPDATE sends no post_save
        _on_submitted(attempt)
    else:
        attempt.refresh_from_db()
    return bool(won)


def _on_submitted(attempt: Attempt):
    """Hook for what follows a graded attempt (certificates), inside its transaction."""
    from . import signals

    signals.attempt_submitted.send(sender=Attempt, attempt=attempt)


def close_if_expired(attempt: Attempt, *, now=None) -> Attempt:
    """An open attempt past its deadline is graded with what was saved."""
    now = now or timezone.now()
    if attempt.is_open and attempt.deadline and now > attempt.deadline + _grace():
        with transaction.atomic():
            _close(attempt, now=attempt.deadline, at_deadline=True)
    return attempt


@transaction.atomic
def start_attempt(quiz: QuizPage, learner, *, now=None, rng=None) -> Attempt:
    """Start (or resume) the learner's attempt at the published quiz.

    The QUIZ_ATTEMPT_STARTING_HOOK functions run first (learning enrols the learner and
    locks the enrolment row for the rest of the transaction, so two starts at the same
    moment take turns); the unique constraints on (quiz, learner, number) and on the open
    attempt stop any that slip through.
    """
    now = now or timezone.now()
    course = quiz.get_parent().specific
    for starting in hooks.get_hooks(QUIZ_ATTEMPT_STARTING_HOOK):
        starting(quiz=quiz, learner=learner, course=course)

    attempts = list(Attempt.objects.filter(quiz=quiz, learner=learner).order_by("number"))
    for attempt in attempts:
        close_if_expired(attempt, now=now)
    open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
    if open_attempt:
        return open_attempt
    accommodation = accommodations.accommodation_for(quiz, learner)
    eligibility = check_eligibility(
        quiz,
        counted_attempts(quiz, learner, course, attempts),
        now=now,
        unmet_requirement=unmet_requirement(quiz, learner, course),
        accommodation=accommodation,
    )
    if not eligibility.allowed:
        raise AttemptNotAllowed(eligibility.reason, available_at=eligibility.available_at)

    questions = draw_questions(
        freeze_pool(quiz.questions),
        count=quiz.questions_per_attempt,
        shuffle_questions=quiz.shuffle_questions,
        shuffle_choices=quiz.shuffle_choices,
        rng=rng or random.SystemRandom(),
    )
    deadline = accommodations.deadline(quiz, accommodation, now)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                learner=learner,
                number=len(attempts) + 1,
                revision_id=quiz.live_revision_id,
                questions=questions,
                pass_mark=quiz.pass_mark,
                started_at=now,
                deadline=deadline,
                **accommodations.attempt_fields(accommodation),
            )
    except IntegrityError:
        # A concurrent start won; resume its attempt rather than exceed the limit.
        return Attempt.objects.get(quiz=quiz, learner=learner, status=Attempt.Status.IN_PROGRESS)


def _locked(attempt: Attempt) -> Attempt:
    return Attempt.objects.select_for_update().get(pk=attempt.pk)


def save_responses(attempt: Attempt, submitted: dict, *, now=None) -> Attempt:
    """Save answers so the attempt can be resumed; refused once it is closed."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt)
        if not attempt.is_open:
            refusal = "This attempt has already been submitted."
        elif attempt.deadline and now > attempt.deadline + _grace():
            # Grade what was saved before refusing; this commits even though we raise.
            _close(attempt, now=attempt.deadline, at_deadline=True)
            refusal = "Time ran out; the attempt was graded with your saved answers."
        else:
            attempt.responses = clean_responses(attempt.questions, submitted)
            Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
                responses=attempt.responses
            )
            return attempt
    raise AttemptClosed(refusal)


@transaction.atomic
def submit_attempt(attempt: Attempt, submitted: dict, *, now=None) -> tuple[Attempt, bool]:
    """Grade and close the attempt. Returns (attempt, late).

    Submitting twice grades once: the second submit gets the first one's result. After
    the deadline the posted answers are refused and the saved ones are graded.
    """
    now = now or timezone.now()
    attempt = _locked(attempt)
    if not attempt.is_open:
        return attempt, False
    if attempt.deadline and now > attempt.deadline + _grace():
        _close(attempt, now=attempt.deadline, at_deadline=True)
        return attempt, True
    attempt.responses = clean_responses(attempt.questions, submitted)
    _close(attempt, now=now, at_deadline=False)
    return attempt, False
