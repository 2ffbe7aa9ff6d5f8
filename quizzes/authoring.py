"""Editors' bulk operations on a quiz: add pasted GIFT as a draft, export as GIFT."""

from django.db import transaction

from .gift import GiftQuestion, write_gift
from .importing import gift_to_stream_data, parse_checked_gift
from .models import QuizPage
from .questions import freeze_pool


def parse_pasted_gift(text: str) -> list[GiftQuestion]:
    """Parse and check pasted GIFT; raise GiftError listing every problem by line."""
    return parse_checked_gift(text)


@transaction.atomic
def add_gift_questions(quiz: QuizPage, questions: list[GiftQuestion], *, replace: bool, user):
    """Save a new draft revision of the quiz with the questions added; the live page stays.

    Builds on the latest revision so unpublished edits are kept. Raises ValidationError
    when the page would be invalid (e.g. more questions drawn per attempt than remain).
    """
    # Locking the page row makes two pastes at once take turns, so neither loses questions.
    locked = QuizPage.objects.select_for_update().get(pk=quiz.pk)
    draft = locked.get_latest_revision_as_object()
    kept = [] if replace else list(draft.questions.raw_data)
    draft.questions = kept + gift_to_stream_data(questions)
    return draft.save_revision(user=user, log_action=True)


def course_code(quiz: QuizPage) -> str:
    course = quiz.get_parent().specific
    return getattr(course, "code", "") or course.slug


def export_quiz_gift(quiz: QuizPage) -> tuple[str, str]:
    """(file name, GIFT text) for the latest revision's questions, drafts included."""
    draft = quiz.get_latest_revision_as_object()
    text = write_gift(freeze_pool(draft.questions))
    return f"{course_code(quiz)}-quiz.gift", text


def objective_texts(quiz: QuizPage) -> list[str]:
    """The learning objectives of the quiz's module, in order (numbered from 1)."""
    course = quiz.get_parent().specific
    return [block.value for block in getattr(course, "objectives", [])]
