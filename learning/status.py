"""Where a learner stands in a module: enrolment, lessons opened, quiz, completion."""

from dataclasses import dataclass, field

from core.learner_cache import cached_for_learner
from courses.outline import course_outline
from quizzes.models import Attempt
from quizzes.outline import quiz_of

from .models import Enrollment, LessonProgress
from .progress import opened_lesson_ids


@dataclass
class LearnerStatus:
    enrolled: bool
    lessons_total: int
    opened_ids: set = field(default_factory=set)
    attempts: list = field(default_factory=list)

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
    def passing_attempt(self):
        """The latest passing attempt, as `completion.passing_attempt` finds it, from the
        attempts already loaded (no query)."""
        passed = [attempt for attempt in self.attempts if attempt.passed]
        return max(passed, key=lambda attempt: attempt.submitted_at) if passed else None

    @property
    def best_score(self):
        scores = [a.score_percent for a in self.attempts if a.score_percent is not None]
        return max(scores) if scores else None

    @property
    def offer_enrolment(self):
        # Someone who opened a lesson or took the quiz is under way: no need to enrol.
        return not (self.enrolled or self.opened_ids or self.attempts)

    @property
    def complete(self):
        return self.all_lessons_opened and self.passed

    @property
    def percent(self):
        steps = self.lessons_total + 1  # every lesson, then the quiz
        done = self.lessons_opened + (1 if self.passed else 0)
        return round(100 * done / steps)


def learner_status(learner, course, outline) -> LearnerStatus:
    """A fixed number of queries: enrolment, lessons opened, attempts."""
    quiz = quiz_of(outline)
    attempts = []
    if quiz is not None:
        attempts = list(
            Attempt.objects.filter(quiz_id=quiz.pk, learner=learner, status="submitted").order_by(
                "number"
            )
        )
    return LearnerStatus(
        enrolled=Enrollment.objects.filter(learner=learner, course=course).exists(),
        lessons_total=len(outline.lessons),
        opened_ids=opened_lesson_ids(learner, outline.lesson_ids),
        attempts=attempts,
    )


def status_for_request(request, course, outline) -> LearnerStatus | None:
    """The logged-in learner's status, computed once per request for every page part."""
    if not request.user.is_authenticated:
        return None
    cached = getattr(request, "_learner_status", None)
    if cached is None or cached[0] != course.pk:
        learner = request.user
        status = cached_for_learner(
            learner.pk,
            f"status:{course.pk}",
            lambda: learner_status(learner, course, outline),
        )
        cached = (course.pk, status)
        request._learner_status = cached
    return cached[1]


def modules_for(learner) -> list[tuple]:
    """(course, outline, status) for each module the learner enrolled in, newest first.

    A fixed number of queries (enrolments, lessons opened, attempts) plus one per module
    whose outline is not cached yet.
    """
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
        quiz = quiz_of(outline)
        status = LearnerStatus(
            enrolled=True,
            lessons_total=len(outline.lessons),
            opened_ids=opened & set(outline.lesson_ids),
            attempts=attempts_by_quiz.get(quiz.pk, []) if quiz else [],
        )
        rows.append((course, outline, status))
    return rows
