"""Editors' bulk operations on a quiz: add pasted GIFT as a draft, export as GIFT."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .gift import GiftError, GiftQuestion, parse_gift, write_gift
from .importing import gift_to_stream_data
from .models import QuizPage
from .questions import freeze_pool


def _question_stream_block():
    return QuizPage._meta.get_field("questions").stream_block


def _error_messages(data, path=()):
    """Flatten a block error's JSON form into 'answer 2 text: message' strings."""
    for message in data.get("messages", []):
        yield f"{' '.join(path)}: {message}" if path else message
    for key, nested in data.get("blockErrors", {}).items():
        name = f"answer {key + 1}" if isinstance(key, int) else str(key).replace("_", " ")
        yield from _error_messages(nested, (*path, name))


def block_problems(questions: list[GiftQuestion]) -> list[tuple[int, str]]:
    """What the question blocks refuse (e.g. a title over 120 characters), by GIFT line.

    The GIFT parser knows the format but not the blocks' limits; checking here keeps a
    draft the page editor would refuse to save from ever being created.
    """
    stream_block, problems = _question_stream_block(), []
    for question, raw in zip(questions, gift_to_stream_data(questions), strict=True):
        block = stream_block.child_blocks[raw["type"]]
        try:
            block.clean(block.to_python(raw["value"]))
        except ValidationError as error:
            data = error.as_json_data() if hasattr(error, "as_json_data") else {}
            found = list(_error_messages(data)) or error.messages
            problems.extend((question.line, message) for message in found)
    return problems


def parse_pasted_gift(text: str) -> list[GiftQuestion]:
    """Parse and check pasted GIFT; raise GiftError listing every problem by line."""
    questions = parse_gift(text)
    problems = block_problems(questions)
    if problems:
        raise GiftError(problems)
    return questions


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
