"""Parse a module file: YAML front matter, then one lesson per top-level `# ` heading.

Parsing is pure (no database); every problem is reported with its line number and the
whole file is refused when there is any, so an import never writes half a module.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.text import slugify

import yaml

from core.problems import ModuleFileError, Problem, ProblemCollector
from core.text_files import nul_problem, size_problem, split_lines
from courses.models import COURSE_CODE_VALIDATOR, CoursePage
from quizzes.importing import ParsedQuiz, parse_quiz_section

from .lesson_checks import check_lesson
from .yaml_checks import compose_front_matter, line_break_problems, plain_data_problems

FRONT_MATTER_FENCE = "---"
LESSON_HEADING = re.compile(r"^#[ \t]+(?P<title>.+?)(?:[ \t]+\{#(?P<slug>[^}\s]+)\})?[ \t#]*$")
CODE_FENCE = re.compile(r"^(```|~~~)")
CALLOUT_START = re.compile(r"^>[ \t]*\[!(?P<kind>[A-Za-z]+)\][ \t]*(?P<title>.*)$")
CALLOUT_KINDS = {"note", "tip", "warning", "important"}
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_LESSON_SLUGS = {"quiz"}
MAX_CONTACT_HOURS = Decimal("100")


@dataclass(frozen=True)
class ParsedLesson:
    title: str
    slug: str
    line: int
    body: list[dict]  # raw StreamField data for LessonPage.body


@dataclass
class ParsedModule:
    path: Path
    code: str
    title: str
    slug: str
    summary: str
    contact_hours: Decimal
    level: str
    objectives: list[str]
    authors: list[dict]
    references: list[dict]
    topics: list[str] = field(default_factory=list)
    last_reviewed: date | None = None
    lessons: list[ParsedLesson] = field(default_factory=list)
    quiz: ParsedQuiz | None = None
    code_line: int = 1  # for messages that point at the course code


def _text(value, *, key, line, problems, max_length=None, required=True):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(line, f"'{key}' must not be empty")
        return ""
    if not isinstance(value, str | int | float):
        problems.add(line, f"'{key}' must be text")
        return ""
    value = str(value).strip()
    if max_length and len(value) > max_length:
        problems.add(line, f"'{key}' is {len(value)} characters long; the limit is {max_length}")
    return value


def _list_of_mappings(node, *, key, fields, required, problems):
    """Validate a YAML list of mappings (authors, references) against allowed fields."""
    items = []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.add(node.start_mark.line + 1, f"'{key}' must be a list with at least one entry")
        return items
    for item_node in node.value:
        line = item_node.start_mark.line + 1
        if not isinstance(item_node, yaml.MappingNode):
            problems.add(line, f"each entry in '{key}' must be a mapping of {', '.join(fields)}")
            continue
        item = {}
        for key_node, value_node in item_node.value:
            name = key_node.value
            if name not in fields:
                allowed = ", ".join(fields)
                problems.add(
                    key_node.start_mark.line + 1,
                    f"unknown key '{name}' in '{key}' (allowed: {allowed})",
                )
                continue
            item[name] = _text(
                _node_value(value_node),
                key=f"{key}.{name}",
                line=key_node.start_mark.line + 1,
                problems=problems,
                max_length=fields[name],
            )
        for name in required:
            if name not in item:
                problems.add(line, f"an entry in '{key}' is missing '{name}'")
        if item.get("url") and not re.match(r"^https?://", item["url"]):
            problems.add(line, f"the url in '{key}' must start with http:// or https://")
        items.append(item)
    return items


def _node_value(node):
    return yaml.safe_load(yaml.serialize(node))


def _parse_code(node, problems):
    line = node.start_mark.line + 1
    code = _text(_node_value(node), key="code", line=line, problems=problems, max_length=32)
    if code:
        try:
            COURSE_CODE_VALIDATOR(code)
        except ValidationError as exc:
            problems.add(line, f"bad course code '{code}': {exc.messages[0]}")
    return code


def _parse_contact_hours(node, problems):
    line = node.start_mark.line + 1
    raw = _node_value(node)
    message = f"bad contact_hours value {raw!r}: use a number of hours greater than 0, e.g. 1.5"
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        problems.add(line, message)
        return Decimal(0)
    try:
        hours = Decimal(str(raw).strip())
    except InvalidOperation:
        problems.add(line, message)
        return Decimal(0)
    if not hours.is_finite() or hours <= 0:
        problems.add(line, message)
    elif hours > MAX_CONTACT_HOURS:
        problems.add(line, f"contact_hours {hours} is more than {MAX_CONTACT_HOURS}")
    elif hours.as_tuple().exponent < -2:
        problems.add(line, f"contact_hours {hours} has more than two decimal places")
    elif hours < Decimal("0.25"):
        problems.add(line, "contact_hours must be at least 0.25 (15 minutes)")
    return hours


def _parse_level(node, problems):
    line = node.start_mark.line + 1
    level = str(_node_value(node) or "").strip().lower()
    allowed = [choice for choice, _ in CoursePage.Level.choices]
    if level not in allowed:
        problems.add(line, f"bad level '{level}': use one of {', '.join(allowed)}")
    return level


def _parse_string_list(node, key, problems, *, max_length):
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.add(line, f"'{key}' must be a list with at least one entry")
        return []
    return [
        _text(
            _node_value(item),
            key=key,
            line=item.start_mark.line + 1,
            problems=problems,
            max_length=max_length,
        )
        for item in node.value
    ]


def _parse_date(node, problems):
    raw = _node_value(node)
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        problems.add(node.start_mark.line + 1, f"bad last_reviewed date {raw!r}: use YYYY-MM-DD")
        return None


def _parse_slug(node, problems):
    slug = str(_node_value(node) or "").strip()
    limit = CoursePage._meta.get_field("slug").max_length
    if len(slug) > limit:
        problems.add(
            node.start_mark.line + 1,
            f"the slug is {len(slug)} characters long; the limit is {limit}",
        )
    elif not SLUG_PATTERN.match(slug):
        problems.add(
            node.start_mark.line + 1,
            f"bad slug '{slug}': use lower-case letters, digits and single hyphens",
        )
    return slug


def _parse_quiz(node, problems, *, path):
    # The quiz is its own concern; the quizzes app knows its settings and GIFT.
    return parse_quiz_section(node, problems=problems, module_path=path)


AUTHOR_FIELDS = {"name": 150, "credentials": 250}
REFERENCE_FIELDS = {"title": 300, "author": 200, "publisher": 200, "url": 200, "source": 200}

# key -> (required, parser(node, problems, path))
FRONT_MATTER_KEYS = {
    "code": (True, lambda n, p, _: _parse_code(n, p)),
    "title": (
        True,
        lambda n, p, _: _text(
            _node_value(n), key="title", line=n.start_mark.line + 1, problems=p, max_length=255
        ),
    ),
    "slug": (False, lambda n, p, _: _parse_slug(n, p)),
    "summary": (
        True,
        lambda n, p, _: _text(
            _node_value(n), key="summary", line=n.start_mark.line + 1, problems=p, max_length=300
        ),
    ),
    "contact_hours": (True, lambda n, p, _: _parse_contact_hours(n, p)),
    "level": (True, lambda n, p, _: _parse_level(n, p)),
    "objectives": (True, lambda n, p, _: _parse_string_list(n, "objectives", p, max_length=300)),
    "authors": (
        True,
        lambda n, p, _: _list_of_mappings(
            n, key="authors", fields=AUTHOR_FIELDS, required=["name"], problems=p
        ),
    ),
    "references": (
        True,
        lambda n, p, _: _list_of_mappings(
            n, key="references", fields=REFERENCE_FIELDS, required=["title"], problems=p
        ),
    ),
    "topics": (False, lambda n, p, _: _parse_string_list(n, "topics", p, max_length=100)),
    "last_reviewed": (False, lambda n, p, _: _parse_date(n, p)),
    "quiz": (False, lambda n, p, path: _parse_quiz(n, p, path=path)),
}


def _split_front_matter(lines, problems):
    """Return (front matter text, the line number of its first line, index after it)."""
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        problems.add(1, "the file must start with YAML front matter between two '---' lines")
        return None, 0, 0
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), 2, index + 1
    problems.add(1, "the front matter opened on line 1 is never closed with '---'")
    return None, 0, 0


def _parse_front_matter(text, first_line, problems, path):
    if line_break_problems(text.split("\n"), first_line, problems):
        return None
    # Leading blank lines make PyYAML's line numbers match the file's.
    try:
        root = compose_front_matter("\n" * (first_line - 1) + text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else first_line
        problems.add(line, f"invalid YAML in the front matter: {getattr(exc, 'problem', exc)}")
        return None
    if not isinstance(root, yaml.MappingNode):
        problems.add(first_line, "the front matter must be a mapping of 'key: value' lines")
        return None
    if plain_data_problems(root, problems):
        return None
    values, seen = {}, {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in seen:
            problems.add(line, f"key '{key}' appears twice (first on line {seen[key]})")
            continue
        seen[key] = line
        if key not in FRONT_MATTER_KEYS:
            allowed = ", ".join(FRONT_MATTER_KEYS)
            problems.add(line, f"unknown front matter key '{key}' (allowed: {allowed})")
            continue
        values[key] = FRONT_MATTER_KEYS[key][1](value_node, problems, path)
    for key, (required, _) in FRONT_MATTER_KEYS.items():
        if required and key not in seen:
            problems.add(first_line - 1, f"the front matter is missing the required key '{key}'")
    return values


def _lesson_blocks(body_lines, first_line, problems):
    """Split a lesson's Markdown into markdown and callout StreamField blocks."""
    blocks, prose = [], []

    def flush_prose():
        text = "\n".join(prose).strip()
        if text:
            blocks.append({"type": "markdown", "value": text})
        prose.clear()

    index, in_code = 0, False
    while index < len(body_lines):
        line = body_lines[index]
        if CODE_FENCE.match(line.strip()):
            in_code = not in_code
        match = None if in_code else CALLOUT_START.match(line)
        if not match:
            prose.append(line)
            index += 1
            continue
        kind = match["kind"].lower()
        if kind not in CALLOUT_KINDS:
            problems.add(
                first_line + index,
                f"unknown callout type '[!{match['kind']}]' "
                f"(use {', '.join(f'[!{k.upper()}]' for k in sorted(CALLOUT_KINDS))})",
            )
        flush_prose()
        callout_line, index = first_line + index, index + 1
        quoted = []
        while index < len(body_lines) and body_lines[index].startswith(">"):
            quoted.append(re.sub(r"^>[ ]?", "", body_lines[index]))
            index += 1
        text = "\n".join(quoted).strip()
        if not text:
            problems.add(callout_line, "the callout has no text")
        blocks.append(
            {
                "type": "callout",
                "value": {"kind": kind, "title": match["title"].strip(), "body": text},
            }
        )
    flush_prose()
    return blocks


def _parse_lessons(lines, first_line, problems):
    lessons, heading, body, in_code = [], None, [], False
    body_start = first_line

    def close_lesson():
        if heading is None:
            return
        title, slug, line = heading
        if not "\n".join(body).strip():
            problems.add(line, f"the lesson '{title}' is empty")
        reported = len(problems.problems)
        lessons.append(
            ParsedLesson(
                title=title,
                slug=slug,
                line=line,
                body=_lesson_blocks(body, body_start, problems),
            )
        )
        if len(problems.problems) == reported:  # else the editor's checks would repeat them
            check_lesson(lessons[-1], body, body_start, problems)

    for offset, line in enumerate(lines):
        number = first_line + offset
        if CODE_FENCE.match(line.strip()):
            in_code = not in_code
        match = None if in_code else LESSON_HEADING.match(line)
        if match:
            close_lesson()
            title = match["title"].strip()
            slug = match["slug"] or slugify(title)
            heading, body, body_start = (title, slug, number), [], number + 1
            continue
        if heading is None:
            if line.strip():
                problems.add(
                    number, "text before the first lesson; start each lesson with a '# ' heading"
                )
            continue
        body.append(line)
    close_lesson()

    if not lessons:
        problems.add(first_line, "the module has no lessons; start each lesson with a '# ' heading")
    seen = {}
    for lesson in lessons:
        if not SLUG_PATTERN.match(lesson.slug):
            problems.add(lesson.line, f"bad lesson slug '{lesson.slug}'")
        elif lesson.slug in RESERVED_LESSON_SLUGS:
            problems.add(lesson.line, f"the lesson slug '{lesson.slug}' is reserved for the quiz")
        elif lesson.slug in seen:
            problems.add(
                lesson.line,
                f"duplicate lesson slug '{lesson.slug}' (also used by the lesson on line "
                f"{seen[lesson.slug]}); rename the lesson or give it {{#another-slug}}",
            )
        else:
            seen[lesson.slug] = lesson.line
    return lessons


def parse_module_text(text: str, path) -> ParsedModule:
    """Parse a module file's text; raise ModuleFileError naming every problem and line."""
    path = Path(path)
    problems = ProblemCollector()
    if nul := nul_problem(text):
        raise ModuleFileError(path, [Problem(*nul)])
    lines = split_lines(text)
    front_text, first_line, body_index = _split_front_matter(lines, problems)
    values = None
    if front_text is not None:
        values = _parse_front_matter(front_text, first_line, problems, path)
        lessons = _parse_lessons(lines[body_index:], body_index + 1, problems)
        if values is not None and "quiz" not in values and path.with_suffix(".gift").exists():
            values["quiz"] = _parse_quiz(None, problems, path=path)
    if problems.problems or values is None:
        raise ModuleFileError(path, problems.problems)
    return ParsedModule(
        path=path,
        code=values["code"],
        title=values["title"],
        slug=values.get("slug") or slugify(values["title"]),
        summary=values["summary"],
        contact_hours=values["contact_hours"],
        level=values["level"],
        objectives=values["objectives"],
        authors=values["authors"],
        references=values["references"],
        topics=values.get("topics", []),
        last_reviewed=values.get("last_reviewed"),
        lessons=lessons,
        quiz=values.get("quiz"),
        code_line=next(
            (n for n, line in enumerate(lines[:body_index], 1) if line.startswith("code:")), 1
        ),
    )


def parse_module_file(path) -> ParsedModule:
    path = Path(path)
    try:
        if too_big := size_problem(path):
            raise ModuleFileError(path, [Problem(1, too_big)])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModuleFileError(path, [Problem(0, "no such file")]) from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise ModuleFileError(path, [Problem(line, "the file is not valid UTF-8")]) from None
    return parse_module_text(text, path)
