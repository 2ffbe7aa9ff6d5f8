"""Where a learner stands in a module: enrolment, lessons opened, quiz, completion."""

from dataclasses import dataclass, field

from .models import Enrollment, LessonProgress
from .progress import opened_lesson_ids


@dataclass
class LearnerStatus:
    enrolled: bool
    lessons_total: int
    opened_ids: set = field(default_factory=set)
    attempts: list = field(default_factory=list)
    certificate: object = None

    @property
    def lessons_opened(self):
        return len(self.opened_ids)

    @property
    def all_lessons_opened(self):
        return self.lessons_opened >= self.lessons_total

    @property
    def passed(self):
        return any(attempt.passed for attempt in self.attempts)

    @property
    def best_score(self):
        scores = [a.score_percent for a in self.attempts if a.score_percent is not None]
        return max(scores) if scores else None

    @property
    def offer_enrolment(self):
        # Someone who opened a lesson or took the quiz is under way: no need to enrol.
        return not (self.enrolled or self.opened_ids or self.attempts or self.certificate)

    @property
    def complete(self):
        return self.all_lessons_opened and self.passed

    @property
    def percent(self):
        steps = self.lessons_total + 1  # every lesson, then the quiz
        done = self.lessons_opened + (1 if self.passed else 0)
        return round(100 * done / steps)


def learner_status(learner, course, outline) -> LearnerStatus:
    """A fixed number of queries: enrolment, lessons opened, attempts (and, once
    passed, the certificate)."""
    from quizzes.models import Attempt

    attempts = []
    if outline.quiz is not None:
        attempts = list(
            Attempt.objects.filter(
                quiz_id=outline.quiz.pk, learner=learner, status="submitted"
            ).order_by("number")
        )
    passed = any(attempt.passed for attempt in attempts)
    return LearnerStatus(
        enrolled=Enrollment.objects.filter(learner=learner, course=course).exists(),
        lessons_total=len(outline.lessons),
        opened_ids=opened_lesson_ids(learner, outline.lesson_ids),
        attempts=attempts,
        certificate=learner.certificates.filter(course=course, status="valid").first()
        if passed
        else None,
    )


def modules_for(learner) -> list[tuple]:
    """(course, outline, status) for each module the learner enrolled in, newest first.

    A fixed number of queries (enrolments, lessons opened, attempts) plus one per module
    whose outline is not cached yet.
    """
    from quizzes.models import Attempt

    from .outline import course_outline

    enrollments = list(
        Enrollment.objects.filter(learner=learner).select_related("course").order_by("-enrolled_at")
    )
    opened = set(LessonProgress.objects.filter(learner=learner).values_list("lesson_id", flat=True))
    attempts_by_quiz = {}
    for attempt in Attempt.objects.filter(learner=learner, status="submitted").order_by("number"):
        attempts_by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    rows = []
    for enrollment in enrollments:
        course = enrollment.course
        outline = course_outline(course)
        status = LearnerStatus(
            enrolled=True,
            lessons_total=len(outline.lessons),
            opened_ids=opened & set(outline.lesson_ids),
            attempts=attempts_by_quiz.get(outline.quiz.pk, []) if outline.quiz else [],
        )
        rows.append((course, outline, status))
    return rows
