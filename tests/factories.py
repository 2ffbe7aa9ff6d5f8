"""Page factories for tests (wagtail_factories), plus raw question data builders."""

import uuid
from decimal import Decimal

import factory
import wagtail_factories

from courses.models import CoursePage, LessonPage
from quizzes.models import QuizPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    code = factory.Sequence(lambda n: f"CEC-T-{n:03d}")
    summary = "A short module for tests."
    contact_hours = Decimal("1.5")
    level = "introductory"
    objectives = factory.LazyFunction(lambda: [{"type": "objective", "value": "Explain a rule."}])
    authors = factory.LazyFunction(
        lambda: [{"type": "author", "value": {"name": "Ann Author", "credentials": "NFPT-CPT"}}]
    )
    references = factory.LazyFunction(
        lambda: [{"type": "reference", "value": {"title": "A source", "source": "000.txt"}}]
    )

    class Meta:
        model = CoursePage


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    body = factory.LazyFunction(lambda: [{"type": "markdown", "value": "Some **text**."}])

    class Meta:
        model = LessonPage


class QuizPageFactory(wagtail_factories.PageFactory):
    title = "Quiz"
    slug = "quiz"
    shuffle_questions = False
    shuffle_choices = False
    cooldown_minutes = 0
    require_all_lessons = False
    questions = factory.LazyFunction(lambda: [single_choice(), true_false()])

    class Meta:
        model = QuizPage


def _choices(*specs):
    return [
        {
            "type": "item",
            "id": str(uuid.uuid4()),
            "value": {"text": text, "correct": correct, "feedback": f"feedback on {text}"},
        }
        for text, correct in specs
    ]


def single_choice(prompt="Who should give a client a massage?", topic="scope", points="1"):
    return {
        "type": "single_choice",
        "id": str(uuid.uuid4()),
        "value": {
            "title": "",
            "prompt": prompt,
            "topic": topic,
            "points": points,
            "explanation": "SECRET-EXPLANATION: a licensed massage therapist.",
            "choices": _choices(("A licensed massage therapist", True), ("The trainer", False)),
        },
    }


def multiple_select(scoring="partial", topic="scope", points="2"):
    return {
        "type": "multiple_select",
        "id": str(uuid.uuid4()),
        "value": {
            "title": "",
            "prompt": "Which are in scope for a trainer?",
            "topic": topic,
            "points": points,
            "explanation": "SECRET-EXPLANATION: SMR and PNF.",
            "scoring": scoring,
            "choices": _choices(
                ("Foam rolling", True), ("PNF stretching", True), ("Massage", False)
            ),
        },
    }


def true_false(answer="false", topic="regulation"):
    return {
        "type": "true_false",
        "id": str(uuid.uuid4()),
        "value": {
            "title": "",
            "prompt": "Massage therapy is licensed in the UK.",
            "topic": topic,
            "points": "1",
            "explanation": "SECRET-EXPLANATION: it is not regulated.",
            "correct_answer": answer,
            "true_feedback": "SECRET-FEEDBACK-TRUE",
            "false_feedback": "SECRET-FEEDBACK-FALSE",
        },
    }


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_course(catalog, *, lessons=2, quiz=True, **quiz_fields):
    """A published module with `lessons` lessons and (by default) a published quiz."""
    course = publish(CoursePageFactory(parent=catalog))
    for _ in range(lessons):
        publish(LessonPageFactory(parent=course))
    if quiz:
        publish(QuizPageFactory(parent=course, **quiz_fields))
    return course
