"""Write quiz questions as Moodle GIFT (the reverse of quizzes.gift.parse_gift).

The output parses back to the same questions: every text is escaped, weights are written
as stored (questions saved without weights get the equal shares they are graded with),
and `//@` comment lines carry points and all-or-nothing scoring.
"""

from decimal import Decimal

from .gift import _ESCAPABLE, _weight


def _escape(text):
    # Text typed in a browser carries CRLF line breaks; GIFT has one newline escape.
    # The importer strips each text, so the exporter does too: one export, one import.
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    # '%' only needs escaping where it would read as a weight: at the start of an answer.
    text = "".join("\\" + char if char in _ESCAPABLE and char != "%" else char for char in text)
    return text.replace("\n", "\\n")


def _export_weights(choices) -> dict:
    """Each choice's weight as stored; questions saved before weights were stored get the
    shares they were always graded with (right answers equal, wrong ones the negative)."""
    if all(choice.get("weight") is None for choice in choices):
        share = Decimal(100) / sum(1 for c in choices if c["correct"])
        return {c["id"]: share if c["correct"] else -share for c in choices}
    return {c["id"]: Decimal(str(c.get("weight") or 0)) for c in choices}


def write_gift(questions) -> str:
    """Write frozen question dicts (quizzes.questions.freeze_question) as GIFT."""
    out, topic = [], None
    for question in questions:
        if question["topic"] != topic:
            topic = question["topic"]
            name = topic.replace("/", "//")
            out.append(f"$CATEGORY: $course$/top/{name}\n" if name else "$CATEGORY: $course$/top\n")
        lines = []
        if Decimal(question["points"]) != 1:
            lines.append(f"//@ points={Decimal(question['points']).normalize():f}")
        if question.get("scoring") == "all_or_nothing":
            lines.append("//@ scoring=all-or-nothing")
        if question.get("objective"):
            lines.append(f"//@ objective={question['objective']}")
        title = f"::{_escape(question['title'])}::" if question["title"] else ""
        head = f"{title}[markdown]{_escape(question['prompt'])} {{"
        choices = question["choices"]
        if question["type"] == "true_false":
            right = next(c for c in choices if c["correct"])
            wrong = next(c for c in choices if not c["correct"])
            answer = "TRUE" if right["id"] == "true" else "FALSE"
            feedback = ""
            if wrong["feedback"] or right["feedback"]:
                feedback = f"#{_escape(wrong['feedback'])}#{_escape(right['feedback'])}"
            body = [f"\t{answer}{feedback}"]
        else:
            weights = _export_weights(choices) if question["type"] == "multiple_select" else {}
            body = []
            for choice in choices:
                if question["type"] == "single_choice":
                    marker = "=" if choice["correct"] else "~"
                else:
                    weight = weights[choice["id"]]
                    marker = f"~%{_weight(weight)}%" if weight else "~"
                feedback = f" #{_escape(choice['feedback'])}" if choice["feedback"] else ""
                text = _escape(choice["text"])
                if text.startswith("%"):
                    text = "\\" + text
                body.append(f"\t{marker}{text}{feedback}")
        if question["explanation"]:
            body.append(f"\t####{_escape(question['explanation'])}")
        lines.append(head)
        lines.extend(body)
        lines.append("}\n")
        out.append("\n".join(lines))
    return "\n".join(out)
