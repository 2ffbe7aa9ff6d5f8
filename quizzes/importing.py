"""The quiz part of a module file: rules in the front matter, questions in GIFT."""

import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

from core.problems import Problem
from core.text_files import nul_problem, size_problem
from courses.revisions import save_page_revision

from .gift import GiftError, GiftQuestion, parse_gift
from .models import QuizPage
from .models.pages import QUIZ_SLUG
from .validation import block_problems


@dataclass
class ParsedQuiz:
    rules: dict
    questions: list[GiftQuestion]
    source: Path
    line_offset: int = 0  # inline GIFT: the module file line its first line is on


def _integer(minimum, *, nullable=False):
    def check(value):
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            empty = " or empty" if nullable else ""
            raise ValueError(f"must be a whole number of at least {minimum}{empty}")
        return value

    return check


def _boolean(value):
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _choice(field_name, aliases=None):
    choices = [value for value, _ in QuizPage._meta.get_field(field_name).choices]

    def check(value):
        value = (aliases or {}).get(value, value)
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value

    return check


def _text(max_length):
    def check(value):
        if not isinstance(value, str) or len(value) > max_length:
            raise ValueError(f"must be text of at most {max_length} characters")
        return value.strip()

    return check


def _pass_mark(value):
    value = _integer(1)(value)
    if value > 100:
        raise ValueError("is a percentage, from 1 to 100")
    return value


# front matter key -> (QuizPage field, validator)
RULES = {
    "title": ("title", _text(255)),
    "intro": ("intro", _text(2000)),
    "pass_mark": ("pass_mark", _pass_mark),
    "attempts_allowed": ("attempts_allowed", _integer(0)),
    "cooldown_minutes": ("cooldown_minutes", _integer(0)),
    "time_limit_minutes": ("time_limit_minutes", _integer(1, nullable=True)),
    "questions_per_attempt": ("questions_per_attempt", _integer(1, nullable=True)),
    "require_all_lessons": ("require_all_lessons", _boolean),
    "shuffle_questions": ("shuffle_questions", _boolean),
    "shuffle_choices": ("shuffle_choices", _boolean),
    "review_policy": ("review_level", _choice("review_level")),
    "review_after": ("review_timing", _choice("review_timing")),
}
SOURCE_KEYS = {"file", "gift"}


def _read_gift(module_path, values, lines, problems):
    """The GIFT text, its path (for messages) and the line number its first line is on."""
    if "gift" in values:
        if not isinstance(values["gift"], str):
            problems.add(lines["gift"], "'quiz.gift' must be a block of GIFT text (use 'gift: |')")
            return None, None, 0
        # A literal block starts on the line after 'gift: |'.
        return values["gift"], module_path, lines["gift"]
    name = values.get("file") or f"{module_path.stem}.gift"
    gift_path = module_path.parent / str(name)
    try:
        refusal = size_problem(gift_path)
        text = "" if refusal else gift_path.read_text(encoding="utf-8")
        line, refusal = nul_problem(text) or (1, refusal)
        if not refusal:
            return text, gift_path, 0
        problems.problems.append(Problem(line, refusal, path=gift_path))
        return None, None, 0
    except FileNotFoundError:
        problems.add(lines.get("file", lines.get("quiz", 1)), f"quiz file {gift_path} not found")
    except UnicodeDecodeError:
        problems.add(lines.get("file", 1), f"quiz file {gift_path} is not valid UTF-8")
    return None, None, 0


def parse_quiz_section(node, *, problems, module_path) -> ParsedQuiz | None:
    """Validate the `quiz:` front matter mapping (or none, with a sidecar .gift file)."""
    values, lines = {}, {"quiz": node.start_mark.line + 1 if node else 1}
    if node is not None:
        if not isinstance(node, yaml.MappingNode):
            problems.add(lines["quiz"], "'quiz' must be a mapping of quiz rules")
            return None
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1
            lines[key] = line
            if key not in RULES and key not in SOURCE_KEYS:
                allowed = ", ".join([*RULES, *sorted(SOURCE_KEYS)])
                problems.add(line, f"unknown quiz key '{key}' (allowed: {allowed})")
                continue
            values[key] = yaml.safe_load(yaml.serialize(value_node))
    if "file" in values and "gift" in values:
        problems.add(lines["gift"], "give the quiz as 'file' or as inline 'gift', not both")
        return None

    rules = {"title": "Quiz"}
    for key, (field_name, check) in RULES.items():
        if key in values:
            try:
                rules[field_name] = check(values[key])
            except ValueError as exc:
                problems.add(lines[key], f"quiz {key} {values[key]!r} {exc}")

    text, gift_path, offset = _read_gift(module_path, values, lines, problems)
    if text is None:
        return None
    try:
        questions = parse_checked_gift(text)
    except GiftError as exc:
        for line, message in exc.problems:
            problems.problems.append(Problem(line + offset, message, path=gift_path))
        return None
    drawn = rules.get("questions_per_attempt")
    if drawn and drawn > len(questions):
        problems.add(
            lines["questions_per_attempt"],
            f"quiz questions_per_attempt is {drawn} but the quiz has only "
            f"{len(questions)} questions",
        )
    return ParsedQuiz(rules=rules, questions=questions, source=gift_path, line_offset=offset)


def _choice_items(question: GiftQuestion):
    return [
        {
            "type": "item",
            "id": str(uuid.uuid4()),
            "value": {"text": c.text, "correct": c.correct, "feedback": c.feedback}
            | ({"weight": str(c.weight)} if c.weight is not None else {}),
        }
        for c in question.choices
    ]


def gift_to_stream_data(questions: list[GiftQuestion]) -> list[dict]:
    """Raw StreamField data for QuizPage.questions."""
    data = []
    for question in questions:
        value = {
            "title": question.title,
            "prompt": question.prompt,
            "topic": question.topic,
            "points": str(question.points),
            "explanation": question.explanation,
            "objective": question.objective,
        }
        if question.type == "true_false":
            value.update(
                correct_answer=question.correct_answer,
                true_feedback=question.true_feedback,
                false_feedback=question.false_feedback,
            )
        else:
            value["choices"] = _choice_items(question)
        if question.type == "multiple_select":
            value["scoring"] = question.scoring
        data.append({"type": question.type, "value": value, "id": str(uuid.uuid4())})
    return data


def parse_checked_gift(text: str) -> list[GiftQuestion]:
    """Parse GIFT and hold each question to the question blocks' rules (points, lengths,
    Markdown size), as the page editor does; raise GiftError listing every problem by line.

    Paste GIFT and `import_module` both come through here.
    """
    questions = parse_gift(text)
    problems = block_problems(questions, gift_to_stream_data(questions))
    if problems:
        raise GiftError(problems)
    return questions


def describe_questions(questions: list[GiftQuestion]) -> str:
    counts = {}
    for question in questions:
        counts[question.type] = counts.get(question.type, 0) + 1
    labels = {"single_choice": "single choice", "multiple_select": "multiple select"}
    parts = [f"{n} {labels.get(kind, 'true/false')}" for kind, n in sorted(counts.items())]
    return f"{len(questions)} questions ({', '.join(parts)})"


def import_quiz(parsed: ParsedQuiz, *, course, publish, user) -> str:
    """Create or revise the module's quiz page; return a one-line summary."""
    current = QuizPage.objects.child_of(course).first()
    quiz = QuizPage(slug=QUIZ_SLUG) if current is None else current.get_latest_revision_as_object()
    for name, value in parsed.rules.items():
        setattr(quiz, name, value)
    quiz.questions = gift_to_stream_data(parsed.questions)
    save_page_revision(quiz, course, publish=publish, user=user)
    served = quiz.questions_per_attempt or len(parsed.questions)
    return (
        f"{describe_questions(parsed.questions)}, {served} per attempt, pass mark {quiz.pass_mark}%"
    )
