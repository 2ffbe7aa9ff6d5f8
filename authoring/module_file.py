"""Parse a module file: YAML front matter, then one lesson per top-level `# ` heading.

Parsing is pure (no database); every problem is reported with its line number and the
whole file is refused when there is any, so an import never writes half a module.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.text import slugify

from core.problems import ModuleFileError, Problem, ProblemCollector
from core.text_files import nul_problem, size_problem, split_lines
from quizzes.importing import ParsedQuiz
from quizzes.questions import objective_coverage_problems

from .front_matter import parse_front_matter, parse_quiz, split_front_matter
from .lessons import ParsedLesson, parse_lessons


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
    about: str = ""
    hours_note: str = ""
    hours_justification: str = ""
    line_of: dict = field(default_factory=dict)  # front matter key -> its line

    @property
    def code_line(self) -> int:
        """For messages that point at the course code."""
        return self.line_of.get("code", 1)


def parse_module_text(text: str, path) -> ParsedModule:
    """Parse a module file's text; raise ModuleFileError naming every problem and line."""
    path = Path(path)
    problems = ProblemCollector()
    if nul := nul_problem(text):
        raise ModuleFileError(path, [Problem(*nul)])
    lines = split_lines(text)
    front_text, first_line, body_index = split_front_matter(lines, problems)
    values = None
    if front_text is not None:
        values = parse_front_matter(front_text, first_line, problems, path)
        lessons = parse_lessons(lines[body_index:], body_index + 1, problems)
        if values is not None and "quiz" not in values and path.with_suffix(".gift").exists():
            values["quiz"] = parse_quiz(None, problems, path=path)
        if values is not None and values.get("quiz") and values.get("objectives"):
            _check_objectives(values, problems)
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
        about=values.get("about", ""),
        hours_note=values.get("hours_note", ""),
        hours_justification=values.get("hours_justification", ""),
        line_of=values["line_of"],
    )


def _check_objectives(values, problems):
    """Every learning objective assessed in every attempt (see objective_coverage_problems)."""
    quiz = values["quiz"]
    untagged = [q for q in quiz.questions if q.objective is None]
    for question in untagged:
        problems.problems.append(
            Problem(
                question.line + quiz.line_offset,
                "the question names no learning objective: add '//@ objective=N' before it",
                path=quiz.source,
            )
        )
    messages = objective_coverage_problems(
        [q.objective for q in quiz.questions if q.objective is not None],
        len(values["objectives"]),
        quiz.rules.get("questions_per_attempt"),
        pool_size=len(quiz.questions),
    )
    for message in messages:
        problems.add(values["line_of"].get("objectives", 1), f"quiz: {message}")


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
