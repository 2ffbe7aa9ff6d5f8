"""Content checks on the three launch modules (issue 10): would they pass a subject review?

Plain pytest, no database. The GIFT and activity readers below are deliberately small and
self-contained: the project's real parsers are being changed in parallel, and these checks
are about the content, not the parsers.

Run `python tests/test_launch_content.py` to print each module's figures.
"""

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MODULES_DIR = ROOT / "content" / "modules"
# The source articles live in `shared/` beside the checkout (CI puts them there too).
ARTICLES_DIR = Path(__file__).resolve().parents[2] / "shared" / "articles"

LAUNCH_CODES = {"CEC-SOP-101", "CEC-MRC-102", "CEC-PTSM-103"}
READING_WORDS_PER_MINUTE = 200
QUIZ_MINUTES_PER_QUESTION = 1
TOLERANCE = Decimal("0.10")
NGRAM = 8

# 8-word runs that may be shared with an article: only proper names and cited titles,
# each at least eight words long, so they cannot be written any other way.
NGRAM_ALLOWLIST = [
    # The US massage certification board's full name (article 000), eight words.
    "National Certification Board for Therapeutic Massage and Bodywork",
    # The title of article 004, cited in CEC-PTSM-103's references.
    "PT or Sports Massage: Which Is Better For You?",
]

WORD = re.compile(r"\b[\w'’-]+\b")
ACTIVITY_START = re.compile(r"^>[ \t]*\[!ACTIVITY\][ \t]*(?P<title>.*)$")
ACTIVITY_MINUTES = re.compile(r"^>[ \t]*minutes:[ \t]*(?P<minutes>\d+)[ \t]*$")
APPLICATION_VERBS = ("apply", "select", "explain")


# --- reading the module files -------------------------------------------------------


def split_front_matter(text):
    assert text.startswith("---\n"), "a module file starts with YAML front matter"
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]), text[end + len("\n---\n") :]


def split_activities(body):
    """(prose lines, activities): an activity is a `> [!ACTIVITY] Title` blockquote."""
    prose, activities, current, lesson = [], [], None, None
    for line in body.splitlines():
        if current is not None:
            if line.startswith(">"):
                current["lines"].append(line)
                continue
            current = None
        if line.startswith("# "):
            lesson = line[2:].strip()
        match = ACTIVITY_START.match(line)
        if match:
            current = {"title": match.group("title").strip(), "lesson": lesson, "lines": []}
            activities.append(current)
            continue
        prose.append(line)
    for activity in activities:
        first = activity["lines"][0] if activity["lines"] else ""
        minutes = ACTIVITY_MINUTES.match(first)
        activity["minutes"] = int(minutes.group("minutes")) if minutes else None
        activity["text"] = "\n".join(line.lstrip(">").strip() for line in activity["lines"])
    return "\n".join(prose), activities


def load_module(path):
    front, body = split_front_matter(path.read_text(encoding="utf-8"))
    prose, activities = split_activities(body)
    quiz_settings = front.get("quiz") or {}
    gift_path = path.with_name(quiz_settings.get("file") or path.with_suffix(".gift").name)
    words = len(WORD.findall(prose))
    activity_minutes = sum(activity["minutes"] or 0 for activity in activities)
    quiz_minutes = quiz_settings["questions_per_attempt"] * QUIZ_MINUTES_PER_QUESTION
    estimate = Decimal(words) / READING_WORDS_PER_MINUTE + activity_minutes + quiz_minutes
    return {
        "path": path,
        "front": front,
        "body": body,
        "prose": prose,
        "activities": activities,
        "words": words,
        "activity_minutes": activity_minutes,
        "quiz_minutes": quiz_minutes,
        "estimate_minutes": estimate,
        "claimed_minutes": Decimal(str(front["contact_hours"])) * 60,
        "gift_path": gift_path,
        "questions": read_gift(gift_path.read_text(encoding="utf-8")),
    }


# --- a small GIFT reader ------------------------------------------------------------

_ESCAPES = {"\\" + char: chr(0xE000 + i) for i, char in enumerate("\\~=#{}:%")}
_UNESCAPE = {value: key[1] for key, value in _ESCAPES.items()}


def _protect(text):
    return re.sub(r"\\.", lambda m: _ESCAPES.get(m.group(0), m.group(0)), text)


def _restore(text):
    return "".join(_UNESCAPE.get(char, char) for char in text).strip()


def read_gift(text):
    """Questions as dicts: title, topic, meta (`//@` settings), prompt, type, options."""
    questions, topic = [], ""
    for chunk in re.split(r"\n[ \t]*\n", text):
        meta, body = {}, []
        for line in chunk.splitlines():
            stripped = line.strip()
            if stripped.startswith("//@"):
                for item in stripped[3:].split():
                    key, _, value = item.partition("=")
                    meta[key] = value
            elif stripped.startswith("//") or not stripped:
                continue
            elif stripped.upper().startswith("$CATEGORY:") and not body:
                topic = stripped.split(":", 1)[1].strip()
            else:
                body.append(stripped)
        if body:
            questions.append(_read_question(_protect(" ".join(body)), topic, meta))
    return questions


def _read_question(text, topic, meta):
    title = ""
    if text.startswith("::"):
        end = text.index("::", 2)
        title, text = text[2:end], text[end + 2 :]
    opening, closing = text.index("{"), text.rindex("}")
    prompt, answers = text[:opening], text[opening + 1 : closing]
    answers, _, explanation = answers.partition("####")
    question = {
        "title": _restore(title),
        "topic": topic,
        "meta": meta,
        "prompt": _restore(prompt),
        "explanation": _restore(explanation),
        "options": [],
    }
    if re.fullmatch(r"\s*(T|TRUE|F|FALSE)\s*(#.*)?", answers, re.IGNORECASE):
        question["type"] = "true_false"
        return question
    for match in re.finditer(r"([=~])([^=~]*)", answers):
        marker, rest = match.groups()
        weight = re.match(r"%(-?\d+(?:\.\d+)?)%", rest)
        if weight:
            rest = rest[weight.end() :]
        option_text, _, feedback = rest.partition("#")
        question["options"].append(
            {
                "text": _restore(option_text),
                "feedback": _restore(feedback),
                "correct": marker == "=" or bool(weight and float(weight.group(1)) > 0),
                "weighted": bool(weight),
            }
        )
    weighted = any(option["weighted"] for option in question["options"])
    question["type"] = "multiple_select" if weighted else "single_choice"
    return question


# --- shared helpers -----------------------------------------------------------------


def tokens(text):
    """Lower-case words without punctuation; apostrophes join (it's -> its)."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))


def ngrams(words, n=NGRAM):
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


ALLOWED_NGRAMS = set().union(*(ngrams(tokens(phrase)) for phrase in NGRAM_ALLOWLIST))

MODULE_PATHS = sorted(MODULES_DIR.glob("*.md"))
MODULES = {path.stem: load_module(path) for path in MODULE_PATHS}


def module_ids():
    return list(MODULES)


def objective_of(question):
    return int(question["meta"].get("objective", "0") or 0)


def is_scenario(question):
    return "scenario" in (question["title"] + " " + question["topic"]).lower()


def shared_ngrams(text, article_text):
    return (ngrams(tokens(text)) & ngrams(tokens(article_text))) - ALLOWED_NGRAMS


# --- tests --------------------------------------------------------------------------


def test_the_three_launch_modules_and_the_articles_are_there():
    assert ARTICLES_DIR.is_dir(), f"the source articles are missing: {ARTICLES_DIR}"
    assert len(list(ARTICLES_DIR.glob("*.txt"))) == 5
    assert {module["front"]["code"] for module in MODULES.values()} == LAUNCH_CODES


@pytest.mark.parametrize("name", module_ids())
def test_no_eight_word_run_of_an_article_is_copied(name):
    module = MODULES[name]
    for path in (module["path"], module["gift_path"]):
        text = path.read_text(encoding="utf-8")
        for article in sorted(ARTICLES_DIR.glob("*.txt")):
            copied = shared_ngrams(text, article.read_text(encoding="utf-8"))
            runs = sorted(" ".join(gram) for gram in copied)
            assert not runs, f"{path.name} repeats {article.name} word for word: {runs[:5]}"


def test_the_allowlist_is_needed_and_tiny():
    # Every allowlisted phrase must actually occur in an article; otherwise drop it.
    articles = " ".join(
        " ".join(tokens(p.read_text(encoding="utf-8"))) for p in ARTICLES_DIR.glob("*.txt")
    )
    assert len(NGRAM_ALLOWLIST) <= 3
    for phrase in NGRAM_ALLOWLIST:
        assert len(tokens(phrase)) >= NGRAM
        assert " ".join(tokens(phrase)) in articles, phrase


@pytest.mark.parametrize("name", module_ids())
def test_every_question_is_tagged_with_an_objective_in_range(name):
    module = MODULES[name]
    objectives = module["front"]["objectives"]
    for question in module["questions"]:
        number = objective_of(question)
        assert 1 <= number <= len(objectives), (question["title"], question["meta"])


@pytest.mark.parametrize("name", module_ids())
def test_at_least_three_questions_per_objective(name):
    module = MODULES[name]
    counts = Counter(objective_of(question) for question in module["questions"])
    for number in range(1, len(module["front"]["objectives"]) + 1):
        assert counts[number] >= 3, f"objective {number} has {counts[number]} questions"


@pytest.mark.parametrize("name", module_ids())
def test_application_objectives_are_assessed_by_scenarios(name):
    module = MODULES[name]
    for number, objective in enumerate(module["front"]["objectives"], start=1):
        if objective.split()[0].lower() not in APPLICATION_VERBS:
            continue
        scenarios = [q for q in module["questions"] if objective_of(q) == number and is_scenario(q)]
        assert scenarios, f"objective {number} ({objective[:40]}...) has no scenario item"
    for question in module["questions"]:
        if is_scenario(question):
            assert len(question["options"]) == 4, question["title"]


@pytest.mark.parametrize("name", module_ids())
def test_choice_items_have_four_options_and_no_length_cue(name):
    module = MODULES[name]
    singles = [q for q in module["questions"] if q["type"] == "single_choice"]
    assert singles
    key_is_longest = key_is_shortest = 0
    for question in singles:
        options = question["options"]
        assert len(options) == 4, question["title"]
        keys = [option for option in options if option["correct"]]
        assert len(keys) == 1, question["title"]
        others = [len(option["text"]) for option in options if not option["correct"]]
        key_is_longest += len(keys[0]["text"]) >= max(others)  # ties count against us
        key_is_shortest += len(keys[0]["text"]) <= min(others)
    assert key_is_longest / len(singles) < 0.4, (
        f"the key is the longest option in {key_is_longest}/{len(singles)} items"
    )
    # Nor the reverse cue: a key that is systematically the shortest.
    assert key_is_shortest / len(singles) < 0.4, (
        f"the key is the shortest option in {key_is_shortest}/{len(singles)} items"
    )
    for question in module["questions"]:
        if question["type"] == "multiple_select":
            assert len(question["options"]) == 4, question["title"]
        assert question["explanation"], f"{question['title']} has no explanation"


@pytest.mark.parametrize("name", module_ids())
def test_every_attempt_can_cover_every_objective_and_still_vary(name):
    module = MODULES[name]
    per_attempt = module["front"]["quiz"]["questions_per_attempt"]
    assert per_attempt >= len(module["front"]["objectives"])
    assert per_attempt < len(module["questions"]), "every attempt would be the same"
    # One topic per objective: the current draw (topics take turns) then covers them all.
    topics = {}
    for question in module["questions"]:
        topics.setdefault(question["topic"], set()).add(objective_of(question))
    assert all(len(objectives) == 1 for objectives in topics.values()), topics
    assert len(topics) == len(module["front"]["objectives"])


@pytest.mark.parametrize("name", module_ids())
def test_hours_match_the_work(name):
    module = MODULES[name]
    hours = Decimal(str(module["front"]["contact_hours"]))
    assert (hours * 4) == (hours * 4).to_integral_value(), "contact hours in 0.25 h steps"
    for activity in module["activities"]:
        assert activity["lesson"], f"activity {activity['title']!r} sits before any lesson"
        assert activity["minutes"] is not None, f"{activity['title']!r}: no `minutes: N` line"
        assert 1 <= activity["minutes"] <= 60, activity["title"]
        assert "**Suggested approach:**" in activity["text"], activity["title"]
    estimate, claimed = module["estimate_minutes"], module["claimed_minutes"]
    print(figures(module))
    assert abs(claimed - estimate) <= TOLERANCE * estimate, figures(module)
    # The auditor's note states the same arithmetic.
    note = module["front"]["hours_note"]
    assert f"{module['words']:,}" in note or str(module["words"]) in note
    assert f"{module['activity_minutes']} min" in note


@pytest.mark.parametrize("name", module_ids())
def test_front_matter_for_learners_and_auditors(name):
    front = MODULES[name]["front"]
    assert str(front["last_reviewed"]) == "2026-12-02"
    assert 0 < len(front["about"]) <= 1000
    assert 0 < len(front["hours_note"]) <= 1000
    for reference in front["references"]:
        assert reference["title"] and reference["source"].endswith(".txt")
    # The one-guide "SMT" credential is neither an objective nor a quiz key.
    assert not any("SMT" in objective for objective in front["objectives"])
    for question in MODULES[name]["questions"]:
        for option in question["options"]:
            assert not (option["correct"] and "SMT" in option["text"]), question["title"]


# Words too common to say that two questions ask about the same fact.
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the of to and or in on for is are be by with as at from that this which what who"
        " how does do it its their they them your you our we not any one",
    )
)


def _prompt_words(question):
    return tokens(question["prompt"])


def _fact_words(question):
    """Content words of the prompt and its key(s): the fact a question asks about."""
    keys = " ".join(option["text"] for option in question["options"] if option["correct"])
    return {w for w in tokens(question["prompt"] + " " + keys) if w not in STOPWORDS}


def _overlap(a, b):
    return len(a & b) / min(len(a), len(b))


def test_no_question_is_asked_in_two_modules():
    items = [
        (name, question) for name, module in MODULES.items() for question in module["questions"]
    ]
    for i, (name_a, a) in enumerate(items):
        for name_b, b in items[i + 1 :]:
            if name_a == name_b:
                continue
            where = (name_a, a["title"], name_b, b["title"])
            assert _prompt_words(a) != _prompt_words(b), where
            prompts = _overlap(set(_prompt_words(a)), set(_prompt_words(b)))
            assert prompts < 0.8, (*where, "prompts", round(prompts, 2))
            # The same fact asked with other words (e.g. "most states regulate massage").
            facts = _overlap(_fact_words(a), _fact_words(b))
            assert facts < 0.8, (*where, "prompt and key", round(facts, 2))


def figures(module):
    return (
        f"{module['front']['code']}: {module['words']} words / {READING_WORDS_PER_MINUTE}"
        f" = {Decimal(module['words']) / READING_WORDS_PER_MINUTE:.2f} min reading"
        f" + {module['activity_minutes']} min activities ({len(module['activities'])})"
        f" + {module['quiz_minutes']} min quiz"
        f" = {module['estimate_minutes']:.2f} min estimated;"
        f" claimed {module['front']['contact_hours']} h = {module['claimed_minutes']:.0f} min"
    )


if __name__ == "__main__":
    for module in MODULES.values():
        print(figures(module))
        for activity in module["activities"]:
            print(f"    {activity['minutes']:>2} min  {activity['lesson']} / {activity['title']}")
        counts = Counter(objective_of(q) for q in module["questions"])
        print("    questions per objective:", dict(sorted(counts.items())))
