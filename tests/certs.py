"""Helpers to reach a certificate the way a learner does: lessons opened, quiz passed."""

from datetime import date, timedelta
from decimal import Decimal

from certifying_bodies.models import CertifyingBody, CourseApproval
from courses.models import LessonPage
from learning.models import LessonProgress
from quizzes.models import QuizPage
from quizzes.services import start_attempt, submit_attempt
from tests.factories import make_course


def right_answers(attempt):
    return {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions}


def open_all_lessons(learner, course):
    for lesson in LessonPage.objects.child_of(course).live():
        # Opened, without moving the seat-time clock a test may have set.
        LessonProgress.objects.get_or_create(learner=learner, lesson=lesson)


def approve(course, *, code="NCBTMB", unit="CE", rate="1", rounding="nearest_0_1", **fields):
    body, _ = CertifyingBody.objects.get_or_create(
        code=code,
        defaults={
            "name": f"{code} board",
            "credit_unit": unit,
            "credits_per_hour": Decimal(rate),
            "rounding": rounding,
            "provider_number": f"{code}-PROV-1",
        },
    )
    fields.setdefault("valid_from", date.today() - timedelta(days=30))
    return CourseApproval.objects.create(
        course=course, body=body, approval_number=f"{code}-COURSE-9", **fields
    )


def pass_course(learner, course):
    """Open every lesson and pass the quiz; return the submitted attempt."""
    open_all_lessons(learner, course)
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner)
    attempt, _ = submit_attempt(attempt, right_answers(attempt))
    return attempt


def certified_course(catalog, **course_fields):
    course = make_course(catalog, lessons=2, **course_fields)
    approve(course)
    return course
