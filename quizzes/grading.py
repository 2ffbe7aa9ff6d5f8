"""Grading: a pure function of the frozen questions and the learner's responses.

A frozen question is a plain dict (see quizzes.questions.freeze_question):
    {"id", "type", "points", "scoring", "choices": [{"id", "correct", "weight"?, ...}], ...}
Responses map a question id to the list of choice ids the learner picked.
Arithmetic is exact (fractions), so a learner exactly at the pass mark passes.

Multiple-answer questions with partial credit are graded as Moodle does: each picked
answer adds its weight (a percentage of the question's points, negative for wrong
answers), and the question's share is floored at 0 and capped at 100%.

Grading never raises on stored data: points the question editor would refuse (not a
number, infinite, below 0.01 or above 9999.99) count as 0 possible and 0 awarded, and a
weight that is not a number from -100 to 100 counts as 0, so a submit always closes the
attempt.
"""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from fractions import Fraction

SINGLE_ANSWER_TYPES = {"single_choice", "true_false"}
# The question block's limits (quizzes.blocks.QuestionBlock.points: 6 digits, 2 places).
MIN_POINTS, MAX_POINTS = Decimal("0.01"), Decimal("9999.99")
MAX_WEIGHT = Decimal(100)
# The right answers' weights must add up to 100% within this (3 x 33.333 is accepted).
WEIGHT_TOTAL_TOLERANCE = Decimal("0.1")


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    awarded: Fraction
    possible: Fraction
    selected: tuple[str, ...]
    share: Fraction = Fraction(0)  # of the question's points earned, 0 to 1

    @property
    def fully_correct(self):
        return self.share == 1

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


def _decimal(value) -> Decimal | None:
    """A finite Decimal from stored text or a number, or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def question_points(question: dict) -> Fraction:
    """The question's points, or 0 when the stored value is one the editor would refuse."""
    points = _decimal(question.get("points"))
    if points is None or not MIN_POINTS <= points <= MAX_POINTS:
        return Fraction(0)
    return Fraction(points)


def right_weights_problem(weights: list[Decimal]) -> str:
    """Why these answer weights (percentages) cannot grade a multiple-answer question, or ""."""
    if any(not -MAX_WEIGHT <= weight <= MAX_WEIGHT for weight in weights):
        return "each weight must be from -100% to 100%"
    total = sum((weight for weight in weights if weight > 0), Decimal(0))
    if not total:
        return "no right answer: give at least one answer a weight above 0%"
    if abs(total - 100) > WEIGHT_TOTAL_TOLERANCE:
        return (
            "the right answers' weights must add up to 100% "
            f"(they add up to {total.normalize():f}%)"
        )
    return ""


def choice_weights(choices: list[dict]) -> dict:
    """Each choice's weight in percent, as written; questions saved without weights keep
    their old rule: right answers share 100% equally and each wrong one takes a share off."""
    if all(choice.get("weight") is None for choice in choices):
        right = sum(1 for choice in choices if choice.get("correct"))
        share = Fraction(100, right) if right else Fraction(0)
        return {choice.get("id"): share if choice.get("correct") else -share for choice in choices}
    weights = {}
    for choice in choices:
        weight = _decimal(choice.get("weight"))
        valid = weight is not None and -MAX_WEIGHT <= weight <= MAX_WEIGHT
        weights[choice.get("id")] = Fraction(weight) if valid else Fraction(0)
    return weights


def weighted_fraction(choices: list[dict], selected: set) -> Fraction:
    """Moodle's arithmetic: the picked answers' weights added up, kept within 0 to 100%.

    The weights are read as shares of the right answers' total, which is 100% (within
    WEIGHT_TOTAL_TOLERANCE), so three right answers at 33.333% together earn full marks.
    """
    weights = choice_weights(choices)
    total = sum((weight for weight in weights.values() if weight > 0), Fraction(0))
    if not total:
        return Fraction(0)
    earned = sum((weights[key] for key in selected if key in weights), Fraction(0))
    return min(Fraction(1), max(Fraction(0), earned / total))


def question_fraction(question: dict, selected: set[str]) -> Fraction:
    """Share of the question's points earned by this selection, from 0 to 1."""
    choices = [choice for choice in question.get("choices") or () if isinstance(choice, dict)]
    correct = {choice.get("id") for choice in choices if choice.get("correct")}
    known = {choice.get("id") for choice in choices}
    selected = set(selected) & known
    if question.get("type") in SINGLE_ANSWER_TYPES:
        return Fraction(1) if len(selected) == 1 and selected <= correct else Fraction(0)
    if question.get("scoring") == "partial":
        return weighted_fraction(choices, selected)
    return Fraction(1) if correct and selected == correct else Fraction(0)


def grade_attempt(questions: list[dict], responses: dict[str, list[str]]) -> Grade:
    results = []
    for question in questions:
        picked = tuple(responses.get(question.get("id"), ()))
        possible = question_points(question)
        share = question_fraction(question, set(picked))
        results.append(
            QuestionResult(question.get("id"), possible * share, possible, picked, share)
        )
    return Grade(
        awarded=sum((r.awarded for r in results), Fraction(0)),
        possible=sum((r.possible for r in results), Fraction(0)),
        results=tuple(results),
    )
