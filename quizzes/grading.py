"""Grading: a pure function of the frozen questions and the learner's responses.

A frozen question is a plain dict (see quizzes.questions.freeze_question):
    {"id", "type", "points", "scoring", "choices": [{"id", "correct", ...}], ...}
Responses map a question id to the list of choice ids the learner picked.
Arithmetic is exact (fractions), so a learner exactly at the pass mark passes.
"""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

SINGLE_ANSWER_TYPES = {"single_choice", "true_false"}


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    awarded: Fraction
    possible: Fraction
    selected: tuple[str, ...]

    @property
    def fully_correct(self):
        return self.awarded == self.possible

    @property
    def answered(self):
        return bool(self.selected)


@dataclass(frozen=True)
class Grade:
    awarded: Fraction
    possible: Fraction
    results: tuple[QuestionResult, ...]

    @property
    def percent(self) -> Decimal:
        """Score out of 100, rounded down to 2 places so 79.999 never shows as 80."""
        if not self.possible:
            return Decimal("0.00")
        exact = self.awarded * 100 / self.possible
        return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_FLOOR
        )

    def passed(self, pass_mark) -> bool:
        return self.possible > 0 and self.awarded * 100 >= Fraction(pass_mark) * self.possible


def to_decimal(value: Fraction, places=3) -> Decimal:
    """Store a fraction of points in a DecimalField (rounded down, never up)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)


def question_fraction(question: dict, selected: set[str]) -> Fraction:
    """Share of the question's points earned by this selection, from 0 to 1."""
    correct = {choice["id"] for choice in question["choices"] if choice["correct"]}
    known = {choice["id"] for choice in question["choices"]}
    selected = selected & known
    if question["type"] in SINGLE_ANSWER_TYPES:
        return Fraction(1) if len(selected) == 1 and selected <= correct else Fraction(0)
    if question.get("scoring") == "partial":
        right, wrong = len(selected & correct), len(selected - correct)
        return max(Fraction(0), Fraction(right - wrong, len(correct)))
    return Fraction(1) if selected == correct else Fraction(0)


def grade_attempt(questions: list[dict], responses: dict[str, list[str]]) -> Grade:
    results = []
    for question in questions:
        picked = tuple(responses.get(question["id"], ()))
        possible = Fraction(Decimal(str(question["points"])))
        awarded = possible * question_fraction(question, set(picked))
        results.append(QuestionResult(question["id"], awarded, possible, picked))
    return Grade(
        awarded=sum((r.awarded for r in results), Fraction(0)),
        possible=sum((r.possible for r in results), Fraction(0)),
        results=tuple(results),
    )
