"""The quiz's part of a module's outline and module page (see courses.extensions)."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string

from courses.extensions import Section

from .models import QuizPage


@dataclass(frozen=True)
class QuizSummary:
    pk: int
    title: str
    url: str
    pass_mark: int
    served_count: int


def quiz_summary(course) -> QuizSummary | None:
    quiz = QuizPage.objects.child_of(course).live().first()
    if quiz is None:
        return None
    return QuizSummary(quiz.pk, quiz.title, quiz.url, quiz.pass_mark, quiz.served_count)


def quiz_of(outline) -> QuizSummary | None:
    """The module's live quiz, from its cached outline."""
    return outline.extras.get("quiz")


def module_quiz_section(request, page, outline) -> Section | None:
    quiz = quiz_of(outline)
    if quiz is None:
        return None
    html = render_to_string("quizzes/includes/module_quiz.html", {"quiz": quiz}, request)
    return Section("after_lessons", html)


def quiz_minutes(served_count: int) -> Decimal:
    """The quiz's share of a module's estimated time: each question served takes
    CEC_QUIZ_MINUTES_PER_QUESTION (1 by default)."""
    per_question = Decimal(str(getattr(settings, "CEC_QUIZ_MINUTES_PER_QUESTION", 1)))
    return served_count * per_question


def module_quiz_minutes(course) -> Decimal:
    summary = quiz_summary(course)
    return quiz_minutes(summary.served_count) if summary else Decimal(0)
