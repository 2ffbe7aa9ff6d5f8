"""Item analysis: how each question of a quiz performed across its submitted attempts.

Read from the attempts' frozen snapshots, so a question keeps its statistics after it is
edited or removed from the pool. Shares are exact fractions: a discrimination of exactly
0.2 must not be flagged just because 0.6 - 0.4 is 0.19999… in floating point.
"""

import csv
import textwrap
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from core.spreadsheets import safe_cell

from .models import Attempt
from .questions import freeze_pool

# Kelley's classic split: compare the top and bottom 27% of attempts by score.
GROUP_SHARE = Fraction(27, 100)
LOW_DISCRIMINATION = Fraction(2, 10)
TOO_HARD = Fraction(3, 10)
TOO_EASY = Fraction(95, 100)
LABEL_WIDTH = 80
TYPE_LABELS = {
    "single_choice": "Single choice",
    "multiple_select": "Multiple select",
    "true_false": "True / false",
}


@dataclass
class ChoiceStats:
    id: str
    text: str
    correct: bool
    picked: int = 0
    served: int = 0

    @property
    def share(self) -> Fraction | None:
        """Of the times the question was served, how often this choice was picked."""
        return Fraction(self.picked, self.served) if self.served else None

    @property
    def share_percent(self) -> float | None:
        return _percent(self.share)


@dataclass
class QuestionStats:
    id: str
    label: str
    type: str
    served: int = 0
    fully_correct: int = 0
    unanswered: int = 0
    # [served, fully correct] within the lower and upper score groups
    lower: list[int] = field(default_factory=lambda: [0, 0])
    upper: list[int] = field(default_factory=lambda: [0, 0])
    choices: dict[str, ChoiceStats] = field(default_factory=dict)

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def share_correct(self) -> Fraction | None:
        return Fraction(self.fully_correct, self.served) if self.served else None

    @property
    def share_correct_percent(self) -> float | None:
        return _percent(self.share_correct)

    @property
    def discrimination(self) -> Fraction | None:
        """D = p(upper group) - p(lower group); None when a group never saw the question."""
        (lower_served, lower_correct), (upper_served, upper_correct) = self.lower, self.upper
        if self.served < 2 or not lower_served or not upper_served:
            return None
        return Fraction(upper_correct, upper_served) - Fraction(lower_correct, lower_served)

    @property
    def discrimination_value(self) -> float | None:
        d = self.discrimination
        return None if d is None else round(float(d), 2)

    @property
    def review_reasons(self) -> list[str]:
        reasons = []
        d, share = self.discrimination, self.share_correct
        if d is not None and d < LOW_DISCRIMINATION:
            reasons.append("discrimination below 0.2")
        if share is not None and share < TOO_HARD:
            reasons.append("fewer than 30% answer it correctly")
        if share is not None and share > TOO_EASY:
            reasons.append("more than 95% answer it correctly")
        return reasons

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    @property
    def choice_list(self) -> list[ChoiceStats]:
        return list(self.choices.values())


@dataclass
class ObjectiveStats:
    """How learners did on the questions assessing one learning objective."""

    number: int
    text: str = ""
    served: int = 0
    fully_correct: int = 0

    @property
    def share_correct_percent(self) -> float | None:
        return _percent(Fraction(self.fully_correct, self.served) if self.served else None)


@dataclass
class ItemAnalysis:
    attempts: int
    passed: int
    score_total: Decimal
    group_size: int
    questions: list[QuestionStats]
    objectives: list[ObjectiveStats] = field(default_factory=list)

    @property
    def pass_rate(self) -> Fraction | None:
        return Fraction(self.passed, self.attempts) if self.attempts else None

    @property
    def pass_rate_percent(self) -> float | None:
        return _percent(self.pass_rate)

    @property
    def mean_score_percent(self) -> Decimal | None:
        if not self.attempts:
            return None
        return (self.score_total / self.attempts).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def flagged(self) -> list[QuestionStats]:
        return [question for question in self.questions if question.needs_review]


def _percent(share: Fraction | None) -> float | None:
    return None if share is None else round(float(share * 100), 1)


def group_size(attempts: int) -> int:
    """How many attempts form each of the upper and lower groups (at least one)."""
    if attempts < 2:
        return 0
    return max(1, int((attempts * GROUP_SHARE + Fraction(1, 2)) // 1))


def question_label(question: dict) -> str:
    text = question.get("title") or question.get("prompt") or question["id"]
    return textwrap.shorten(text, width=LABEL_WIDTH, placeholder="…")


def _stats_for(stats: dict, question: dict) -> QuestionStats:
    entry = stats.get(question["id"])
    if entry is None:
        entry = stats[question["id"]] = QuestionStats(
            id=question["id"], label=question_label(question), type=question["type"]
        )
    return entry


def _count(entry: QuestionStats, question: dict, attempt: Attempt, group: list[int] | None):
    picked = set(attempt.responses.get(question["id"], ()))
    correct = bool(attempt.results.get(question["id"], {}).get("correct"))
    entry.served += 1
    entry.fully_correct += correct
    entry.unanswered += not picked
    if group is not None:
        group[0] += 1
        group[1] += correct
    for choice in question["choices"]:
        choice_stats = entry.choices.get(choice["id"])
        if choice_stats is None:
            choice_stats = entry.choices[choice["id"]] = ChoiceStats(
                id=choice["id"], text=choice["text"], correct=bool(choice["correct"])
            )
        choice_stats.served += 1
        choice_stats.picked += choice["id"] in picked


def objective_stats(attempts_questions, objective_texts) -> list[ObjectiveStats]:
    """Served and fully-correct counts per objective over (questions, results) pairs."""
    stats = {n: ObjectiveStats(n, text) for n, text in enumerate(objective_texts, start=1)}
    for questions, results in attempts_questions:
        for question in questions:
            number = question.get("objective")
            if not number:
                continue
            entry = stats.setdefault(number, ObjectiveStats(number))
            entry.served += 1
            entry.fully_correct += bool(results.get(question["id"], {}).get("correct"))
    return [stats[number] for number in sorted(stats)]


def item_analysis(quiz, objective_texts=()) -> ItemAnalysis:
    """Statistics over the quiz's submitted attempts, in two queries whatever their number.

    Attempts stream in ascending score order, so an attempt's position says whether it is
    in the lower or upper group without holding them all in memory; equal scores at a
    boundary are split by attempt id so each group keeps its size. The count comes from a
    separate query; an attempt submitted in between only nudges the group boundary.
    Labels and correct marks follow the current pool for questions still in it.
    """
    submitted = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED)
    total = submitted.count()
    size = group_size(total)
    # Seed with the current pool so its questions and choices keep the editor's order.
    stats: dict[str, QuestionStats] = {}
    for question in freeze_pool(quiz.questions):
        _stats_for(stats, question).choices = {
            choice["id"]: ChoiceStats(choice["id"], choice["text"], bool(choice["correct"]))
            for choice in question["choices"]
        }
    seen: set[str] = set()
    served_sets = []
    count, passed, score_total = 0, 0, Decimal(0)
    attempts = (
        submitted.order_by("score_percent", "pk")
        .only("questions", "responses", "results", "score_percent", "passed")
        .iterator(chunk_size=500)
    )
    for position, attempt in enumerate(attempts):
        count += 1
        passed += bool(attempt.passed)
        score_total += attempt.score_percent or 0
        band = None
        if position < size:
            band = "lower"
        elif size and position >= total - size:
            band = "upper"
        for question in attempt.questions:
            entry = _stats_for(stats, question)
            _count(entry, question, attempt, getattr(entry, band) if band else None)
            seen.add(question["id"])
        served_sets.append((attempt.questions, attempt.results))
    return ItemAnalysis(
        attempts=count,
        passed=passed,
        score_total=score_total,
        group_size=size,
        # Pool questions nobody has been served yet have nothing to analyse.
        questions=[entry for question_id, entry in stats.items() if question_id in seen],
        objectives=objective_stats(served_sets, objective_texts),
    )


CSV_HEADER = [
    "question_id",
    "question",
    "type",
    "times_served",
    "fully_correct",
    "share_correct_percent",
    "discrimination",
    "unanswered",
    "review",
]


def write_item_analysis_csv(analysis: ItemAnalysis, out) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for question in analysis.questions:
        writer.writerow(
            [
                safe_cell(question.id),
                safe_cell(question.label),
                question.type,
                question.served,
                question.fully_correct,
                safe_cell(question.share_correct_percent),
                # A negative D is a number, not a formula; keep it numeric.
                "" if question.discrimination_value is None else question.discrimination_value,
                question.unanswered,
                safe_cell("; ".join(question.review_reasons)),
            ]
        )
