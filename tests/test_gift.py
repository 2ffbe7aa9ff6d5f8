from decimal import Decimal

import pytest

from quizzes.gift import GiftError, parse_gift


def only(text):
    (question,) = parse_gift(text)
    return question


def test_single_choice_with_title_feedback_and_explanation():
    question = only(
        "::Referral:: Who should a trainer refer massage requests to? {\n"
        "  =A licensed massage therapist #Right: it is their scope.\n"
        "  ~A physical therapist #Not for routine massage.\n"
        "  ~Nobody\n"
        "  ####Lesson 3 explains referral.\n"
        "}"
    )
    assert question.type == "single_choice"
    assert question.title == "Referral"
    assert question.prompt == "Who should a trainer refer massage requests to?"
    assert [(c.text, c.correct, c.feedback) for c in question.choices] == [
        ("A licensed massage therapist", True, "Right: it is their scope."),
        ("A physical therapist", False, "Not for routine massage."),
        ("Nobody", False, ""),
    ]
    assert question.explanation == "Lesson 3 explains referral."


def test_multiple_answers_with_weights_and_penalties():
    question = only("Pick the in-scope options. {~%50%Foam rolling ~%50%PNF ~%-50%Massage}")
    assert question.type == "multiple_select"
    assert question.scoring == "partial"
    assert [c.correct for c in question.choices] == [True, True, False]


def test_all_or_nothing_and_points_ride_on_comment_lines():
    question = only("//@ points=2\n//@ scoring=all-or-nothing\nPick two. {~%50%A ~%50%B ~C}")
    assert question.scoring == "all_or_nothing"
    assert question.points == Decimal(2)


@pytest.mark.parametrize(
    "body, answer",
    [("{T}", "true"), ("{TRUE}", "true"), ("{F}", "false"), ("{FALSE}", "false")],
)
def test_true_false(body, answer):
    question = only(f"UK massage therapy is licensed. {body}")
    assert question.type == "true_false"
    assert question.correct_answer == answer


def test_true_false_feedback_goes_to_the_choice_the_learner_picked():
    # GIFT: the first feedback is for a wrong answer, the second for the right one.
    question = only("The SMA changed its name. {T#No, it did.#Yes: now the ASTT.}")
    assert question.true_feedback == "Yes: now the ASTT."
    assert question.false_feedback == "No, it did."


def test_categories_comments_escapes_and_markdown_marker():
    questions = parse_gift(
        "// a comment line\n"
        "$CATEGORY: $course$/top/Regulation\n\n"
        "::Q\\: one:: [markdown]Is 2 \\= 2 \\{really\\}? {=Yes \\# sure ~No}\n\n"
        "$CATEGORY: Scope\n\n"
        "Second {TRUE}\n"
    )
    first, second = questions
    assert first.topic == "Regulation" and second.topic == "Scope"
    assert first.title == "Q: one"
    assert first.prompt == "Is 2 = 2 {really}?"
    assert first.choices[0].text == "Yes # sure"


def test_missing_word_format_keeps_the_blank():
    question = only("Massage therapy in the UK is {=not ~fully} regulated.")
    assert question.prompt == "Massage therapy in the UK is _____ regulated."


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("::A:: Fine {T}\n\n\n::B:: Essay {}", 4, "essay questions are not supported"),
        ("::A:: How many? {#3:1}", 1, "numerical questions are not supported"),
        ("::A:: Match {=a -> 1 =b -> 2}", 1, "matching questions are not supported"),
        ("::A:: Name it {=NCBTMB =ncbtmb}", 1, "short-answer questions are not supported"),
        ("Just a description with no answers", 1, "a description"),
        ("::A:: Two right {=a =b ~c}", 1, "exactly one '=' answer"),
        ("::A:: Bad weights {~%70%a ~%20%b ~c}", 1, "must add up to 100% (they add up to 90%)"),
        ("::A:: Mixed {=a ~%50%b ~c}", 1, "either one '=' answer or '~%n%' weights"),
        ("::A:: Open {=a ~b", 1, "never closed"),
        ("::A:: Nothing right {~a ~b}", 1, "no right answer"),
        ("//@ colour=red\n::A:: Q {T}", 1, "unknown //@ setting"),
    ],
)
def test_refused_input_names_line_and_problem(text, line, message):
    with pytest.raises(GiftError) as excinfo:
        parse_gift(text)
    assert any(ln == line and message in msg for ln, msg in excinfo.value.problems), (
        excinfo.value.problems
    )


def test_every_problem_is_reported_not_just_the_first():
    with pytest.raises(GiftError) as excinfo:
        parse_gift("Q1 {}\n\nQ2 {#1}\n\nQ3 {T}")
    assert [line for line, _ in excinfo.value.problems] == [1, 3]


def test_write_then_parse_keeps_awkward_text():
    from quizzes.gift import write_gift

    frozen = [
        {
            "id": "q1",
            "type": "single_choice",
            "title": "Title: with colon",
            "prompt": "Line one\r\nLine two costs 80% {really} = ~ #",
            "topic": "Scope/limits",
            "points": "1",
            "explanation": "Because\nreasons.",
            "choices": [
                {"id": "a", "text": "%50% off", "correct": True, "feedback": "ok #1"},
                {"id": "b", "text": "%20% more", "correct": False, "feedback": ""},
            ],
        },
        {
            "id": "q2",
            "type": "true_false",
            "title": "",
            "prompt": "Top-level topic",
            "topic": "top",
            "points": "1",
            "explanation": "",
            "choices": [
                {"id": "true", "text": "True", "correct": False, "feedback": ""},
                {"id": "false", "text": "False", "correct": True, "feedback": ""},
            ],
        },
    ]
    first, second = parse_gift(write_gift(frozen))
    assert first.title == "Title: with colon"
    assert first.prompt == "Line one\nLine two costs 80% {really} = ~ #"
    assert first.topic == "Scope/limits"
    assert first.explanation == "Because\nreasons."
    assert [(c.text, c.correct, c.feedback) for c in first.choices] == [
        ("%50% off", True, "ok #1"),
        ("%20% more", False, ""),
    ]
    assert (second.topic, second.correct_answer) == ("top", "false")


def test_an_arrow_in_an_ordinary_answer_is_text_not_matching():
    # Found by the round-trip property: "->" made any question a refused matching one.
    (question,) = parse_gift("Order? {=flexion -> extension ~extension -> flexion}")
    assert question.choices[0].text == "flexion -> extension"


@pytest.mark.parametrize("topic", ["/", "/start", "end/", "a//b"])
def test_topics_with_slashes_round_trip(topic):
    from quizzes.gift import write_gift

    frozen = {
        "id": "q", "type": "true_false", "title": "", "prompt": "P", "topic": topic,
        "points": "1", "explanation": "",
        "choices": [
            {"id": "true", "text": "True", "correct": True, "feedback": ""},
            {"id": "false", "text": "False", "correct": False, "feedback": ""},
        ],
    }  # fmt: skip
    (question,) = parse_gift(write_gift([frozen]))
    assert question.topic == topic
