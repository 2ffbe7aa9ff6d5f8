"""Problems found in an imported file, each with its line, reported all at once."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    path: Path | None = None  # when the problem is in another file (the quiz's GIFT)


class ModuleFileError(Exception):
    """A module file (or its quiz) that cannot be imported; lists every problem found."""

    def __init__(self, path, problems):
        self.path = Path(path)
        self.problems = sorted(problems, key=lambda p: (str(p.path or ""), p.line))
        super().__init__(str(self))

    def __str__(self):
        return "\n".join(f"{p.path or self.path}:{p.line}: {p.message}" for p in self.problems)


class ProblemCollector:
    """Gathers problems so one run reports all of them."""

    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, line, message):
        self.problems.append(Problem(line, message))
