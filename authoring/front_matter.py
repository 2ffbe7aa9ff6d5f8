"""A module file's YAML front matter: each key checked and reported with its line."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

import yaml

from courses.models import COURSE_CODE_VALIDATOR, CoursePage
from quizzes.importing import parse_quiz_section

from .yaml_checks import compose_front_matter, line_break_problems, plain_data_problems

FRONT_MATTER_FENCE = "---"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CONTACT_HOURS = Decimal("100")


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


def parse_quiz(node, problems, *, path):
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
    **{
        key: (
            False,
            lambda n, p, _, key=key: _text(
                _node_value(n), key=key, line=n.start_mark.line + 1, problems=p, max_length=2000
            ),
        )
        for key in ("about", "hours_note", "hours_justification")
    },
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
    "quiz": (False, lambda n, p, path: parse_quiz(n, p, path=path)),
}


def split_front_matter(lines, problems):
    """Return (front matter text, the line number of its first line, index after it)."""
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        problems.add(1, "the file must start with YAML front matter between two '---' lines")
        return None, 0, 0
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), 2, index + 1
    problems.add(1, "the front matter opened on line 1 is never closed with '---'")
    return None, 0, 0


def parse_front_matter(text, first_line, problems, path):
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
    values["line_of"] = seen
    for key, (required, _) in FRONT_MATTER_KEYS.items():
        if required and key not in seen:
            problems.add(first_line - 1, f"the front matter is missing the required key '{key}'")
    return values
