"""The completion rule: when is a module complete for a learner?

Complete = every live lesson opened and the module's quiz passed. When an attempt makes a
module complete, `module_completed` is sent inside the grading transaction, so whatever a
higher layer writes on it (the certificate) commits or rolls back with the grade.
"""

from quizzes.models import Attempt

from .progress import all_lessons_opened
from .signals import module_completed


def is_module_complete(learner, course, attempt) -> bool:
    """Whether this (submitted) attempt completes the module for the learner."""
    return bool(attempt.passed) and all_lessons_opened(learner, course)


def passing_attempt(learner, course):
    """The learner's first passing attempt at the module's quiz, or None."""
    return (
        Attempt.objects.filter(learner=learner, quiz__in=course.get_children(), passed=True)
        .order_by("submitted_at")
        .first()
    )


def complete_module_if_done(attempt, course) -> bool:
    """Send `module_completed` when the attempt completes the module; say whether it did."""
    if not is_module_complete(attempt.learner, course, attempt):
        return False
    module_completed.send(sender=Attempt, learner=attempt.learner, course=course, attempt=attempt)
    return True
