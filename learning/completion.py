"""The completion rule: when is a module complete for a learner?

Complete = every live lesson opened, the module's quiz passed, the course evaluation
submitted when the module requires one (`learning.evaluation.evaluation_required`) and
the attestation affirmed when the site asks for one (`learning.attestation`). When an
attempt makes a module complete, `module_completed` is sent inside the grading (or
evaluation, or claiming) transaction, so whatever a higher layer writes on it (the
certificate) commits or rolls back with it.
"""

from quizzes.models import Attempt

from .attestation import attestation_for, attestation_required
from .evaluation import evaluation_required, has_evaluated
from .progress import all_lessons_opened
from .signals import module_completed

# What `missing_steps` can answer, in the order a learner meets them.
LESSONS = "lessons"
PASS = "pass"  # noqa: S105 (a step name, not a password)
EVALUATION = "evaluation"
ATTESTATION = "attestation"


def missing_steps(learner, course, attempt) -> list[str]:
    """What the learner still has to do for this attempt to complete the module."""
    missing = []
    if not all_lessons_opened(learner, course):
        missing.append(LESSONS)
    if attempt is None or not attempt.passed:
        missing.append(PASS)
        return missing
    if evaluation_required(course) and not has_evaluated(learner, attempt):
        missing.append(EVALUATION)
    if attestation_required() and attestation_for(learner, attempt) is None:
        missing.append(ATTESTATION)
    return missing


def is_module_complete(learner, course, attempt) -> bool:
    """Whether this (submitted) attempt completes the module for the learner."""
    return not missing_steps(learner, course, attempt)


def passing_attempt(learner, course):
    """The learner's latest passing attempt at the module's quiz, or None.

    Only one, unless the learner retook the quiz after their certificate expired: then the
    retake is the one that completes the module afresh."""
    return (
        Attempt.objects.filter(learner=learner, quiz__in=course.get_children(), passed=True)
        .order_by("-submitted_at")
        .first()
    )


def complete_module_if_done(attempt, course) -> bool:
    """Send `module_completed` when the attempt completes the module; say whether it did."""
    if not is_module_complete(attempt.learner, course, attempt):
        return False
    module_completed.send(sender=Attempt, learner=attempt.learner, course=course, attempt=attempt)
    return True
