"""Turn a quiz's question blocks into frozen question dicts, and draw an attempt's set."""

import random
import re
from collections import defaultdict

TRUE_FALSE_LABELS = {"true": "True", "false": "False"}


def freeze_question(block) -> dict:
    """A plain, self-contained copy of one question block, as served in an attempt."""
    value = block.value
    question = {
        "id": block.id,
        "type": block.block_type,
        "title": value["title"],
        "prompt": value["prompt"],
        "topic": value["topic"],
        "points": str(value["points"]),
        "explanation": value["explanation"],
        "objective": value.get("objective"),
    }
    if block.block_type == "true_false":
        question["choices"] = [
            {
                "id": answer,
                "text": label,
                "correct": value["correct_answer"] == answer,
                "feedback": value[f"{answer}_feedback"],
            }
            for answer, label in TRUE_FALSE_LABELS.items()
        ]
    else:
        question["choices"] = [
            {
                "id": child.id,
                "text": child.value["text"],
                "correct": bool(child.value["correct"]),
                "feedback": child.value["feedback"],
            }
            for child in value["choices"].bound_blocks
        ]
    if block.block_type == "multiple_select":
        question["scoring"] = value["scoring"]
        # Kept as text, exactly as written; None for questions saved before weights were.
        for choice, child in zip(question["choices"], value["choices"], strict=True):
            weight = child.get("weight")
            choice["weight"] = None if weight is None else str(weight)
    return question


def freeze_pool(stream_value) -> list[dict]:
    return [freeze_question(block) for block in stream_value]


def objective_coverage_problems(
    objectives: list, objective_count: int, drawn: int | None, *, pool_size: int
) -> list[str]:
    """Why a pool cannot assess every objective in every attempt ([] when it can).

    `objectives` holds the objective number of each tagged question; `drawn` is the number
    of questions served per attempt (None or 0: the whole pool of `pool_size`).
    """
    problems = []
    for number in sorted({n for n in objectives if n > objective_count}):
        problems.append(f"objective {number} does not exist: the module has {objective_count}")
    draws = bool(drawn) and drawn < pool_size
    for number in range(1, objective_count + 1):
        found = objectives.count(number)
        if not found:
            problems.append(f"objective {number} has no question")
        elif draws and found < 2:
            problems.append(
                f"objective {number} has only 1 question; a quiz that draws needs at least 2 "
                "per objective"
            )
    if draws and drawn < objective_count:
        problems.append(
            f"{drawn} questions per attempt cannot cover the module's {objective_count} objectives"
        )
    return problems


def draw_questions(
    pool: list[dict],
    *,
    count: int | None,
    shuffle_questions: bool,
    shuffle_choices: bool,
    rng: random.Random,
) -> list[dict]:
    """Pick the questions for one attempt and fix their order and choice order.

    A partial draw first takes one question for each learning objective the pool assesses
    (so every attempt assesses every objective), then spreads the rest evenly across
    topics: topics take turns giving a question, so no topic gets more than one question
    more than another (while it has some left).
    """
    if count and count < len(pool):
        by_objective = defaultdict(list)
        for question in pool:
            if question.get("objective"):
                by_objective[question["objective"]].append(question)
        chosen = [rng.choice(group) for _, group in sorted(by_objective.items())][:count]
        taken = {question["id"] for question in chosen}
        by_topic = defaultdict(list)
        for question in pool:
            if question["id"] not in taken:
                by_topic[question["topic"]].append(question)
        groups = list(by_topic.values())
        for group in groups:
            rng.shuffle(group)
        rng.shuffle(groups)
        round_index = 0
        while len(chosen) < count:
            for group in groups:
                if round_index < len(group) and len(chosen) < count:
                    chosen.append(group[round_index])
            round_index += 1
        # Without shuffling, keep the editor's order for the drawn questions.
        position = {question["id"]: i for i, question in enumerate(pool)}
        questions = chosen if shuffle_questions else sorted(chosen, key=lambda q: position[q["id"]])
    else:
        questions = list(pool)
    if shuffle_questions:
        rng.shuffle(questions)
    served = []
    for question in questions:
        question = {**question, "choices": list(question["choices"])}
        if shuffle_choices and question["type"] != "true_false":
            rng.shuffle(question["choices"])
        served.append(question)
    return served


# A prompt that already says how many to pick ("Select two.") needs no generic hint.
_SAYS_HOW_MANY = re.compile(
    r"\b(select|choose|pick|tick|mark)\s+(all|any|one or more|two|three|four|five|\d+)\b", re.I
)


def prompt_says_how_many(prompt: str) -> bool:
    return bool(_SAYS_HOW_MANY.search(prompt or ""))
