"""Moodle GIFT, the plain-text question format editors already use: parse and write.

Supported: `::title::`, single choice (`=right ~wrong`), multiple answers (`~%60%a ~%40%b
~%-100%c`: weights kept as written, graded as Moodle grades them), true/false (`{T}` /
`{FALSE}`), `#feedback` per choice, `####` general feedback (the explanation), `$CATEGORY:`
(the topic), `//` comments, backslash escapes and `[markdown]`.
Question types the platform cannot grade automatically are refused by name and line.

Comment lines carry what GIFT has no syntax for, and Moodle ignores them: `//@ points=2`,
`//@ scoring=all-or-nothing` and `//@ objective=3` (the number of the module's learning
objective the question assesses) just before a question.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .grading import right_weights_problem

# Escaped characters are swapped for private-use code points while the structure is parsed.
_ESCAPABLE = "\\~=#{}:%"
_PLACEHOLDER = {char: chr(0xE000 + i) for i, char in enumerate(_ESCAPABLE)}
_RESTORE = {v: k for k, v in _PLACEHOLDER.items()}
# An escaped newline stays one character until restored, so line numbers still count lines.
_NEWLINE = chr(0xE000 + len(_ESCAPABLE))
_RESTORE[_NEWLINE] = "\n"
_ESCAPE_SEQUENCE = re.compile(r"\\(.)")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = re.compile(r"^(T|TRUE|F|FALSE)$", re.IGNORECASE)
_FORMAT_MARKER = re.compile(r"^\[(markdown|plain|moodle|html)\]\s*", re.IGNORECASE)
_META_KEYS = {"points", "scoring", "objective"}
MAX_OBJECTIVE = 50


@dataclass
class GiftChoice:
    text: str
    correct: bool
    feedback: str = ""
    weight: Decimal | None = None  # percent, as written (multiple answers only)


@dataclass
class GiftQuestion:
    type: str  # single_choice | multiple_select | true_false
    prompt: str
    line: int
    title: str = ""
    topic: str = ""
    points: Decimal = Decimal(1)
    explanation: str = ""
    choices: list[GiftChoice] = field(default_factory=list)
    scoring: str = "partial"
    objective: int | None = None  # position in the module's objectives list, from 1
    correct_answer: str = ""  # "true" / "false" for true_false
    true_feedback: str = ""
    false_feedback: str = ""


class GiftError(Exception):
    def __init__(self, problems):
        self.problems = problems  # list of (line, message)
        super().__init__("\n".join(f"line {line}: {message}" for line, message in problems))


def _protect(text):
    def swap(match):
        char = match.group(1)
        if char == "n":
            return _NEWLINE
        return _PLACEHOLDER.get(char, "\\" + char)

    return _ESCAPE_SEQUENCE.sub(swap, text)


def _restore(text):
    return "".join(_RESTORE.get(char, char) for char in text).strip()


def _reopens(line, depth):
    """(brace depth after the line, whether a '{' opened while a block was still open)."""
    reopened = False
    for char in _protect(line):
        if char == "{":
            reopened = reopened or depth > 0
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)  # a stray '}' is reported by the question's parser
    return depth, reopened


def _chunks(lines):
    """Split into (first line number, lines) chunks at blank lines outside braces.

    A blank line inside an answer block is kept, unless a '{' opens again before the block
    is closed: then the block was never closed, and the chunk ends at that blank line so
    the broken question is reported where its '{' opened, not merged with the next one.
    """
    index, chunk, start, depth, last_blank = 0, [], None, 0, None
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            if depth == 0 and chunk:
                yield start, chunk
                chunk, start = [], None
            elif depth:
                chunk.append(line)
                last_blank = index
            index += 1
            continue
        if not line.lstrip().startswith("//"):
            new_depth, reopened = _reopens(line, depth)
            if reopened and last_blank is not None:
                yield start, lines[start - 1 : last_blank]
                index, chunk, start, depth, last_blank = last_blank + 1, [], None, 0, None
                continue
            depth = new_depth
        if start is None:
            start = index + 1
        chunk.append(line)
        index += 1
    if chunk:
        yield start, chunk


def _parse_meta(line, number, problems):
    meta = {}
    for item in line.strip()[3:].split():
        key, _, value = item.partition("=")
        if key not in _META_KEYS or not value:
            problems.append(
                (number, f"unknown //@ setting '{item}' (use points=N, scoring=... or objective=N)")
            )
            continue
        meta[key] = value
    return meta


def _split_answers(body):
    """Split an answer block into (marker, text) pairs at '=' and '~'."""
    answers, current, marker = [], [], None
    for char in body:
        if char in "=~":
            if marker is not None:
                answers.append((marker, "".join(current)))
            marker, current = char, []
        elif marker is None:
            if char.strip():
                return None  # text before the first answer marker
        else:
            current.append(char)
    if marker is not None:
        answers.append((marker, "".join(current)))
    return answers


def _parse_choice(marker, raw):
    weight = None
    match = _WEIGHT.match(raw.strip())
    if match:
        weight = Decimal(match.group(1))
        raw = raw.strip()[match.end() :]
    text, _, feedback = raw.partition("#")
    return marker, weight, _restore(text), _restore(feedback)


def _parse_question(start, lines, topic, meta, problems):
    full = _protect("\n".join(lines))
    text = full.strip()
    offset = len(full) - len(full.lstrip())  # where `text` starts in `full`
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end == -1:
            problems.append((start, "the title opened with '::' is never closed"))
            return None
        rest = text[end + 2 :]
        offset += end + 2 + len(rest) - len(rest.lstrip())
        title, text = _restore(text[2:end]), rest.strip()

    def line_of(position):
        return start + full[: offset + position].count("\n")

    open_at = text.find("{")
    if open_at == -1:
        problems.append(
            (start, "a description (text with no {answer block}) is not a question to grade")
        )
        return None
    brace_line = line_of(open_at)
    close_at = text.find("}", open_at)
    if close_at == -1 or "{" in text[open_at + 1 : close_at]:
        problems.append((brace_line, "the answer block opened with '{' is never closed"))
        return None
    if "}" in text[:open_at]:
        problems.append(
            (line_of(text.find("}")), "a '}' with no '{' before it: write a literal '}' as \\}")
        )
        return None
    extra = re.search(r"[{}]", text[close_at + 1 :])
    if extra:
        problems.append(
            (
                line_of(close_at + 1 + extra.start()),
                f"a second '{extra.group()}' after the answer block closed: a question has one "
                f"answer block; write a literal '{extra.group()}' as \\{extra.group()}",
            )
        )
        return None
    before, body, after = text[:open_at], text[open_at + 1 : close_at].strip(), text[close_at + 1 :]
    prompt = before.strip() + (" _____ " + after.strip() if after.strip() else "")
    prompt = _restore(_FORMAT_MARKER.sub("", prompt.strip()))
    if not prompt:
        problems.append((start, "the question has no text"))
        return None

    def refuse(kind):
        problems.append(
            (
                start,
                f"{kind} questions are not supported: the platform grades single choice, "
                "multiple answers and true/false",
            )
        )

    if not body:
        refuse("essay")
        return None
    if body.startswith("#"):
        refuse("numerical")
        return None
    body, _, explanation = body.partition("####")
    question = GiftQuestion(
        type="", prompt=prompt, line=start, title=title, topic=topic,
        explanation=_restore(explanation),
    )  # fmt: skip
    if "points" in meta:
        try:
            question.points = Decimal(meta["points"])
            if question.points <= 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append((start, f"points must be a number above 0, not '{meta['points']}'"))

    if "objective" in meta:
        value = meta["objective"]
        if value.isdigit() and 1 <= int(value) <= MAX_OBJECTIVE:
            question.objective = int(value)
        else:
            problems.append((start, f"objective must be a whole number from 1, not '{value}'"))

    head, *feedbacks = body.strip().split("#")
    if _TRUE_FALSE.match(head.strip()):
        answer = "true" if head.strip().upper().startswith("T") else "false"
        wrong_feedback = _restore(feedbacks[0]) if feedbacks else ""
        right_feedback = _restore(feedbacks[1]) if len(feedbacks) > 1 else ""
        question.type, question.correct_answer = "true_false", answer
        question.true_feedback = right_feedback if answer == "true" else wrong_feedback
        question.false_feedback = wrong_feedback if answer == "true" else right_feedback
        return question

    answers = _split_answers(body)
    # Matching pairs every answer with '->'; an arrow in an ordinary answer is just text.
    if answers and all(marker == "=" and "->" in raw for marker, raw in answers):
        refuse("matching")
        return None
    if answers is None:
        problems.append((brace_line, "the answer block must start with '=' or '~'"))
        return None
    if not any(marker == "~" for marker, _ in answers):
        refuse("short-answer")
        return None
    choices = [_parse_choice(marker, raw) for marker, raw in answers]
    for _, weight, text, _ in choices:
        if not text:
            problems.append((brace_line, "an answer has no text"))
            return None
        if weight is not None and not Decimal(-100) <= weight <= Decimal(100):
            problems.append((brace_line, f"the weight {weight}% is outside -100% to 100%"))
            return None
    if len(choices) < 2:
        problems.append((brace_line, "a question needs at least two answers"))
        return None

    rights = [c for c in choices if c[0] == "="]
    weighted = [c for c in choices if c[0] == "~" and c[1] is not None and c[1] > 0]
    if rights and weighted:
        problems.append((brace_line, "use either one '=' answer or '~%n%' weights, not both"))
        return None
    if rights:
        if len(rights) > 1:
            problems.append(
                (brace_line, "a single-choice question has exactly one '=' answer; "
                 "for several right answers use ~%50% weights")
            )  # fmt: skip
            return None
        if any(c[1] for c in choices if c[0] == "~"):
            problems.append(
                (brace_line, "wrong answers of a single-choice question take no weight")
            )
            return None
        question.type = "single_choice"
        question.choices = [GiftChoice(text, marker == "=", fb) for marker, _, text, fb in choices]
        return question

    if not weighted:
        problems.append(
            (brace_line, "no right answer: mark one with '=' or give weights like ~%50%")
        )
        return None
    # A '~' without a weight is worth 0%, as in Moodle.
    weight_problem = right_weights_problem([c[1] or Decimal(0) for c in choices])
    if weight_problem:
        problems.append((brace_line, weight_problem))
        return None
    scoring = meta.get("scoring", "partial").replace("-", "_")
    if scoring not in {"partial", "all_or_nothing"}:
        problems.append((start, f"scoring must be partial or all-or-nothing, not '{scoring}'"))
        return None
    question.type, question.scoring = "multiple_select", scoring
    weights = [weight or Decimal(0) for _, weight, _, _ in choices]
    if _equal_shares(weights):
        weights = [None] * len(weights)  # stored blank: the block's default rule, the same
    question.choices = [
        GiftChoice(text, bool(weight and weight > 0), fb, stored)
        for (_, weight, text, fb), stored in zip(choices, weights, strict=True)
    ]
    return question


def parse_gift(text: str) -> list[GiftQuestion]:
    """Parse GIFT text; raise GiftError listing every problem with its line number."""
    problems, questions, topic = [], [], ""
    # Lines end at '\n' only, as editors count them (not at U+2028 and the like).
    for start, lines in _chunks([line.removesuffix("\r") for line in text.split("\n")]):
        meta, body, body_start = {}, [], None
        for offset, line in enumerate(lines):
            stripped = line.strip()
            if stripped.startswith("//@"):
                meta.update(_parse_meta(stripped, start + offset, problems))
            elif stripped.startswith("//"):
                continue
            elif stripped.upper().startswith("$CATEGORY:") and not body:
                topic = _topic_from_category(stripped.split(":", 1)[1].strip())
            else:
                if body_start is None:
                    body_start = start + offset
                body.append(line)
        if body:
            question = _parse_question(body_start, body, topic, meta, problems)
            if question:
                questions.append(question)
    if not questions and not problems:
        problems.append((1, "no questions found"))
    if problems:
        raise GiftError(problems)
    return questions


def _category_segments(path):
    """Split at '/'; '//' is a literal slash, and in an odd run ('///') the first slash is
    the separator, as the exporter writes a name that starts with a slash."""
    segments, current = [], []
    for piece in re.split(r"(/+)", path):
        if piece.startswith("/"):
            if len(piece) % 2:
                segments.append("".join(current))
                current = []
            piece = "/" * (len(piece) // 2)
        current.append(piece)
    return [*segments, "".join(current)]


def _topic_from_category(path):
    """The last segment of a Moodle category path; '//' is a literal slash in a name."""
    segments = [part.strip() for part in _category_segments(path) if part.strip()]
    if segments and segments[0].startswith("$") and segments[0].endswith("$"):
        segments = segments[1:]  # $course$, $system$, ...
    if segments and segments[0] == "top":
        segments = segments[1:]
    return segments[-1] if segments else ""


def _weight(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.00001')).normalize():f}"


def _equal_shares(weights) -> bool:
    """True for the weights blank ones export as: right answers share 100% equally and each
    wrong one is the negative of a share, so such a file imports back to blank weights."""
    right = sum(1 for weight in weights if weight > 0)
    share = _weight(Decimal(100) / right)
    return all(_weight(abs(weight)) == share for weight in weights)


# The writer lives beside the parser; importers of quizzes.gift find it here too.
from .gift_export import write_gift  # noqa: E402

__all__ = ["GiftChoice", "GiftError", "GiftQuestion", "parse_gift", "write_gift"]
