"""Course evaluations: the items asked, whether a module requires one, and submitting.

The answers go into `EvaluationResponse` (module, day, answers; no learner) and the proof
that the learner evaluated goes into `EvaluationReceipt` (learner, module, completing
attempt). Both are written in one transaction or not at all.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from certifying_bodies.models import CourseApproval

from .evaluation_models import (
    EvaluationReceipt,
    EvaluationResponse,
    EvaluationSettings,
    ModuleEvaluationPolicy,
)

SCALE = range(1, 6)
SCALE_LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neutral",
    4: "Agree",
    5: "Strongly agree",
}
COMMENTS_MAX = 4000


class EvaluationRefused(Exception):
    """The evaluation cannot be stored; the message says why, for the learner."""


def course_objectives(course) -> list[str]:
    return [str(block.value).strip() for block in course.objectives if str(block.value).strip()]


def evaluation_items(course, settings_=None) -> list[str]:
    """The 1–5 statements asked for this module: one per objective, then the others."""
    settings_ = settings_ or EvaluationSettings.load()
    items = [
        settings_.objective_item.replace("{objective}", objective)
        for objective in course_objectives(course)
    ]
    items += [line.strip() for line in settings_.extra_items.splitlines() if line.strip()]
    return items


def evaluation_required(course) -> bool:
    """Whether the module's certificate waits for the learner's evaluation."""
    policy = ModuleEvaluationPolicy.objects.filter(course=course).first()
    if policy is not None and policy.requirement != ModuleEvaluationPolicy.Requirement.DEFAULT:
        return policy.requirement == ModuleEvaluationPolicy.Requirement.REQUIRED
    if not EvaluationSettings.load().require_with_approval:
        return False
    return CourseApproval.objects.filter(course=course).exists()


def has_evaluated(learner, attempt) -> bool:
    return EvaluationReceipt.objects.filter(learner=learner, attempt=attempt).exists()


def clean_answers(items, data) -> tuple[list[int], str]:
    """The ratings (one per item, 1 to 5) and comments from posted data, or refuse."""
    answers = []
    for index in range(len(items)):
        raw = (data.get(f"item_{index}") or "").strip()
        if not raw:
            raise EvaluationRefused("Rate every statement from 1 to 5 before sending.")
        try:
            value = int(raw)
        except ValueError:
            raise EvaluationRefused("Ratings are whole numbers from 1 to 5.") from None
        if value not in SCALE:
            raise EvaluationRefused("Ratings are whole numbers from 1 to 5.")
        answers.append(value)
    comments = (data.get("comments") or "").strip()
    if len(comments) > COMMENTS_MAX:
        raise EvaluationRefused(f"Comments are limited to {COMMENTS_MAX} characters.")
    return answers, comments


def submit_evaluation(learner, course, attempt, data, *, now=None):
    """Store one evaluation for the learner's completion (`attempt`: their passing one).

    Refuses, storing nothing, when there is no passing attempt, when this completion was
    evaluated already (also under a race: the receipt's unique constraint), or when an
    answer is missing or out of range.
    """
    if attempt is None or not attempt.passed:
        raise EvaluationRefused("You can evaluate the module once you have passed its quiz.")
    items = evaluation_items(course)
    answers, comments = clean_answers(items, data)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(
                learner=learner, course=course, attempt=attempt, submitted_at=now
            )
            EvaluationResponse.objects.create(
                course=course,
                submitted_on=timezone.localdate(now),
                items=items,
                answers=answers,
                comments=comments,
            )
    except IntegrityError:
        raise EvaluationRefused("You have already evaluated this module. Thank you!") from None
