"""A module file's lessons: one per top-level `# ` heading, with callouts and the timed
`[!ACTIVITY]` and `[!MEDIA]` blocks."""

import re
from dataclasses import dataclass

from django.utils.text import slugify

from .front_matter import SLUG_PATTERN
from .lesson_checks import check_lesson

LESSON_HEADING = re.compile(r"^#[ \t]+(?P<title>.+?)(?:[ \t]+\{#(?P<slug>[^}\s]+)\})?[ \t#]*$")
CODE_FENCE = re.compile(r"^(```|~~~)")
CALLOUT_START = re.compile(r"^>[ \t]*\[!(?P<kind>[A-Za-z]+)\][ \t]*(?P<title>.*)$")
CALLOUT_KINDS = {"note", "tip", "warning", "important"}
# Blocks that declare their own time on their first line, `minutes: N`.
TIMED_KINDS = {"activity", "media"}
MINUTES_LINE = re.compile(r"^minutes:[ \t]*(?P<minutes>\S+)[ \t]*$")
URL_LINE = re.compile(r"^url:[ \t]*(?P<url>https?://\S+)[ \t]*$")
RESERVED_LESSON_SLUGS = {"quiz"}


@dataclass(frozen=True)
class ParsedLesson:
    title: str
    slug: str
    line: int
    body: list[dict]  # raw StreamField data for LessonPage.body


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
        if kind not in CALLOUT_KINDS | TIMED_KINDS:
            known = sorted(CALLOUT_KINDS | TIMED_KINDS)
            problems.add(
                first_line + index,
                f"unknown callout type '[!{match['kind']}]' "
                f"(use {', '.join(f'[!{k.upper()}]' for k in known)})",
            )
        flush_prose()
        callout_line, index = first_line + index, index + 1
        quoted = []
        while index < len(body_lines) and body_lines[index].startswith(">"):
            quoted.append(re.sub(r"^>[ ]?", "", body_lines[index]))
            index += 1
        if kind in TIMED_KINDS:
            title = match["title"].strip()
            blocks.append(_timed_block(kind, title, quoted, callout_line, problems))
            continue
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


def _timed_block(kind, title, quoted, line, problems):
    """An `[!ACTIVITY]` or `[!MEDIA]` block: `minutes: N` first (media: then `url: ...`)."""
    label = f"[!{kind.upper()}]"
    if not title:
        problems.add(line, f"the {label} block needs a title after the marker")
    lines = list(quoted)
    found = MINUTES_LINE.match(lines[0].strip()) if lines else None
    minutes = 0
    if found and found["minutes"].isdigit() and 1 <= int(found["minutes"]) <= 60:
        minutes = int(found["minutes"])
        lines = lines[1:]
    else:
        problems.add(
            line + 1, f"the {label} block's first line must be 'minutes: N' (1 to 60 minutes)"
        )
    value = {"title": title, "minutes": minutes}
    if kind == "media":
        url = URL_LINE.match(lines[0].strip()) if lines else None
        if url is None:
            problems.add(line + 2, "the [!MEDIA] block's second line must be 'url: https://...'")
        value.update(url=url["url"] if url else "", transcript="\n".join(lines[1:]).strip())
        return {"type": "media", "value": value}
    body = "\n".join(lines).strip()
    if not body:
        problems.add(line, "the [!ACTIVITY] block has no text")
    value.update(kind="scenario", body=body)
    return {"type": "activity", "value": value}


def parse_lessons(lines, first_line, problems):
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
