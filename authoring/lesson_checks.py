"""Hold a module file's lessons to what the page editor accepts, reported by line."""

from django.core.exceptions import ValidationError

from core.block_errors import block_error_messages
from core.problems import ProblemCollector
from courses.markdown_limits import nesting_problem
from courses.models import LessonPage


def _block_name(lesson):
    def name(index):
        return f"block {index + 1} ({lesson.body[index]['type']})"

    return name


def check_lesson(lesson, body_lines: list[str], body_start: int, problems: ProblemCollector):
    """Report what the page editor would refuse in a parsed lesson.

    `body_lines` are the lesson's lines as in the file, the first on line `body_start`, so
    Markdown nested too deeply is reported on its own line.
    """
    for name, value in (("title", lesson.title), ("slug", lesson.slug)):
        limit = LessonPage._meta.get_field(name).max_length
        if len(value) > limit:
            problems.add(
                lesson.line,
                f"the lesson {name} is {len(value)} characters long; the limit is {limit}",
            )
    nested = nesting_problem("\n".join(body_lines))
    if nested:
        problems.add(body_start + nested[0] - 1, nested[1])
        return
    stream_block = LessonPage._meta.get_field("body").stream_block
    try:
        stream_block.clean(stream_block.to_python(lesson.body))
    except ValidationError as error:
        for message in block_error_messages(error, name_item=_block_name(lesson)):
            problems.add(lesson.line, f"in the lesson '{lesson.title[:60]}': {message}")
