"""Shared helpers for the browser journeys: keyboard driving, axe checks, leak checks."""

import html
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

BLOCKING_IMPACTS = {"serious", "critical"}

_FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute("name") || "",
    type: el.getAttribute("type") || "",
    value: el.value === undefined ? "" : String(el.value),
    checked: !!el.checked,
    text: (el.innerText || "").trim(),
    focusVisible: el.matches(":focus-visible"),
    outline: style.outlineStyle,
    boxShadow: style.boxShadow,
  };
}"""


def log_in(page, url, email, password):
    """Log in through the allauth form, as a learner would."""
    page.goto(url("/accounts/login/"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def focused(page):
    """What has keyboard focus now (None when nothing but the body has it)."""
    return page.evaluate(_FOCUSED_JS)


def has_visible_focus_indicator(info):
    """The focused element matches :focus-visible and draws an outline or a ring."""
    return bool(
        info
        and info["focusVisible"]
        and (info["outline"] != "none" or info["boxShadow"] not in ("", "none"))
    )


def tab_until(page, matches, *, limit=40, key="Tab"):
    """Press Tab until `matches(focused info)` is true; returns that element's info."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        seen.append(info and (info["tag"], info["id"] or info["name"], info["text"][:40]))
        if info and matches(info):
            return info
    raise AssertionError(f"Focus never reached the target after {limit} presses: {seen}")


def answer_with_keyboard(page, questions, pick):
    """Answer every served question with Tab, arrow keys and Space only.

    `questions` are the attempt's frozen question dicts, in the order served;
    `pick(question)` returns the set of choice ids to select. Focus must already be just
    before the first question's inputs (for instance on the last breadcrumb link). Each
    step checks that focus lands on the input the learner expects, visibly.
    """
    for question in questions:
        name = f"q-{question['id']}"
        choice_ids = [choice["id"] for choice in question["choices"]]
        wanted = set(pick(question))
        info = tab_until(page, lambda info, name=name: info["name"] == name, limit=3)
        assert has_visible_focus_indicator(info), f"no visible focus on {name}: {info}"
        if info["type"] == "radio":
            # Tabbing into an unchecked radio group lands on its first radio; Space checks
            # it, and each ArrowDown moves to (and checks) the next one.
            assert info["value"] == choice_ids[0], info
            (target,) = wanted
            index = choice_ids.index(target)
            if index == 0:
                page.keyboard.press("Space")
            for _ in range(index):
                page.keyboard.press("ArrowDown")
            info = focused(page)
            assert info["name"] == name and info["value"] == target and info["checked"], info
        else:
            # Checkboxes are separate Tab stops; Space toggles the focused one.
            for position, choice_id in enumerate(choice_ids):
                if position:
                    page.keyboard.press("Tab")
                    info = focused(page)
                assert info["name"] == name and info["value"] == choice_id, info
                if choice_id in wanted:
                    page.keyboard.press("Space")
                    assert focused(page)["checked"], info
    checked = page.evaluate(
        """() => Array.from(document.querySelectorAll('#attempt-form input:checked'))
                 .map(el => [el.name, el.value])"""
    )
    expected = sorted(
        [f"q-{question['id']}", choice_id] for question in questions for choice_id in pick(question)
    )
    assert sorted(checked) == expected


def correct_choices(question):
    return {choice["id"] for choice in question["choices"] if choice["correct"]}


def wrong_choices(question):
    """A selection that earns no points: one wrong choice (or every wrong box)."""
    wrong = [choice["id"] for choice in question["choices"] if not choice["correct"]]
    if question["type"] == "multiple_select":
        return set(wrong)
    return {wrong[0]}


def hidden_texts(questions):
    """Explanations and per-choice feedback of these questions: never shown before passing."""
    texts = []
    for question in questions:
        if question.get("explanation", "").strip():
            texts.append(question["explanation"].strip())
        for choice in question["choices"]:
            if choice.get("feedback", "").strip():
                texts.append(choice["feedback"].strip())
    return texts


def leaked_texts(page_html, texts):
    """Which of `texts` appear in the page's HTML, raw or entity-escaped."""
    normalised = " ".join(html.unescape(page_html).split())
    return [text for text in texts if " ".join(text.split()) in normalised]


def normalise_space(text):
    return re.sub(r"\s+", " ", text).strip()


def serious_axe_violations(page, label):
    """Run axe on the page; return printable lines for serious and critical violations.

    Lesser violations and checks axe could not decide ("incomplete", such as contrast
    over a background image) are printed for information only.
    """
    results = Axe().run(page, options={"resultTypes": ["violations", "incomplete"]})
    lines = []
    for kind in ("violations", "incomplete"):
        for violation in results.response[kind]:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
            line = (
                f"{label}: {violation['id']} ({violation.get('impact')}): "
                f"{violation['help']}; targets: {targets}"
            )
            if kind == "violations" and violation.get("impact") in BLOCKING_IMPACTS:
                lines.append(line)
            else:
                print(f"axe {kind[:-1] if kind == 'violations' else kind} (not failing): {line}")
    return lines
