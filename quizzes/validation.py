"""One check of GIFT questions against the question blocks' own rules, for every path in.

The GIFT parser knows the format but not the blocks' limits (points, decimal places, text
lengths, Markdown size); the page editor refuses a block that breaks them. Paste GIFT and
`import_module` both call `block_problems`, so neither can store a question the editor
would refuse to save.
"""

from django.core.exceptions import ValidationError

from core.block_errors import block_error_messages

from .gift import GiftQuestion
from .models import QuizPage


def block_problems(questions: list[GiftQuestion], stream_data: list[dict]) -> list:
    """(GIFT line, message) for each rule of the question blocks the questions break.

    `stream_data` is the questions as raw StreamField data (quizzes.importing's
    gift_to_stream_data), one item per question.
    """
    stream_block = QuizPage._meta.get_field("questions").stream_block
    problems = []
    for question, raw in zip(questions, stream_data, strict=True):
        block = stream_block.child_blocks[raw["type"]]
        try:
            block.clean(block.to_python(raw["value"]))
        except ValidationError as error:
            found = block_error_messages(error, name_item=lambda i: f"answer {i + 1}")
            problems.extend((question.line, message) for message in found)
    return problems
