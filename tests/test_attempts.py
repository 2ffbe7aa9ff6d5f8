import random
from collections import Counter
from datetime import timedelta

from django.utils import timezone

import pytest

from quizzes.models import Attempt, QuizPage
from quizzes.services import (
    AttemptClosed,
    AttemptNotAllowed,
    save_responses,
    start_attempt,
    submit_attempt,
)
from quizzes.signals import attempt_submitted
from tests.factories import make_course, multiple_select, publish, single_choice, true_false


def quiz_of(catalog, **fields):
    course = make_course(catalog, **fields)
    return QuizPage.objects.child_of(course).get()


def right_answers(attempt):
    return {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions}


def wrong_answers(attempt):
    return {
        q["id"]: [next(c["id"] for c in q["choices"] if not c["correct"])]
        for q in attempt.questions
    }


def test_start_freezes_the_published_questions_and_enrols(catalog, learner):
    quiz = quiz_of(catalog)
    attempt = start_attempt(quiz, learner, rng=random.Random(1))
    assert attempt.number == 1 and attempt.is_open
    assert attempt.revision_id == quiz.live_revision_id
    assert [q["type"] for q in attempt.questions] == ["single_choice", "true_false"]
    assert learner.enrollments.filter(course=quiz.get_parent()).exists()


def test_a_partial_draw_spreads_questions_evenly_across_topics(catalog, learner):
    pool = [single_choice(topic=t) for t in "aaaaabbbbbcccccc"]
    quiz = quiz_of(catalog, questions=pool, questions_per_attempt=6)
    attempt = start_attempt(quiz, learner, rng=random.Random(7))
    topics = Counter(q["topic"] for q in attempt.questions)
    assert sum(topics.values()) == 6
    assert set(topics.values()) == {2}


def test_shuffling_is_frozen_per_attempt(catalog, learner):
    quiz = quiz_of(
        catalog,
        questions=[single_choice(prompt=f"Q{i}") for i in range(8)],
        shuffle_questions=True,
        shuffle_choices=True,
    )
    attempt = start_attempt(quiz, learner, rng=random.Random(3))
    served = [q["prompt"] for q in attempt.questions]
    assert sorted(served) == sorted(f"Q{i}" for i in range(8)) and served != sorted(served)
    attempt.refresh_from_db()
    assert [q["prompt"] for q in attempt.questions] == served


def test_resume_returns_the_open_attempt(catalog, learner):
    quiz = quiz_of(catalog)
    first = start_attempt(quiz, learner)
    save_responses(first, {first.questions[0]["id"]: [first.questions[0]["choices"][0]["id"]]})
    again = start_attempt(quiz, learner)
    assert again.pk == first.pk
    assert again.responses == {first.questions[0]["id"]: [first.questions[0]["choices"][0]["id"]]}


def test_attempt_limit(catalog, learner):
    quiz = quiz_of(catalog, attempts_allowed=2)
    for _ in range(2):
        attempt = start_attempt(quiz, learner)
        submit_attempt(attempt, wrong_answers(attempt))
    with pytest.raises(AttemptNotAllowed, match="used all 2 attempts"):
        start_attempt(quiz, learner)
    assert Attempt.objects.filter(quiz=quiz, learner=learner).count() == 2


def test_unlimited_attempts(catalog, learner):
    quiz = quiz_of(catalog, attempts_allowed=0)
    for _ in range(5):
        attempt = start_attempt(quiz, learner)
        submit_attempt(attempt, {})
    assert start_attempt(quiz, learner).number == 6


def test_waiting_time_after_a_failed_attempt(catalog, learner):
    quiz = quiz_of(catalog, cooldown_minutes=30)
    now = timezone.now()
    attempt = start_attempt(quiz, learner, now=now)
    submit_attempt(attempt, {}, now=now)
    with pytest.raises(AttemptNotAllowed) as excinfo:
        start_attempt(quiz, learner, now=now + timedelta(minutes=29))
    assert excinfo.value.available_at == now + timedelta(minutes=30)
    assert start_attempt(quiz, learner, now=now + timedelta(minutes=31)).number == 2


def test_no_attempts_after_passing(catalog, learner):
    quiz = quiz_of(catalog)
    attempt = start_attempt(quiz, learner)
    attempt, _ = submit_attempt(attempt, right_answers(attempt))
    assert attempt.passed
    with pytest.raises(AttemptNotAllowed, match="already passed"):
        start_attempt(quiz, learner)


def test_time_limit_closes_the_attempt_and_refuses_late_answers(catalog, learner):
    quiz = quiz_of(catalog, time_limit_minutes=10)
    start = timezone.now()
    attempt = start_attempt(quiz, learner, now=start)
    assert attempt.deadline == start + timedelta(minutes=10)
    saved = {attempt.questions[0]["id"]: right_answers(attempt)[attempt.questions[0]["id"]]}
    save_responses(attempt, saved, now=start + timedelta(minutes=5))

    late = start + timedelta(minutes=11)
    attempt, was_late = submit_attempt(attempt, right_answers(attempt), now=late)
    assert was_late and attempt.closed_at_deadline
    assert attempt.responses == saved  # the late answers were not taken
    assert attempt.score_percent == 50
    assert attempt.submitted_at == attempt.deadline
    with pytest.raises(AttemptClosed):
        save_responses(attempt, right_answers(attempt), now=late)


def test_saving_after_the_deadline_closes_and_grades(catalog, learner):
    quiz = quiz_of(catalog, time_limit_minutes=1)
    start = timezone.now()
    attempt = start_attempt(quiz, learner, now=start)
    with pytest.raises(AttemptClosed, match="Time ran out"):
        save_responses(attempt, right_answers(attempt), now=start + timedelta(minutes=2))
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.score_percent == 0


def test_double_submit_grades_once_and_returns_the_same_result(catalog, learner):
    quiz = quiz_of(catalog)
    attempt = start_attempt(quiz, learner)
    graded = []

    def receiver(sender, attempt, **kwargs):
        graded.append(attempt.pk)

    attempt_submitted.connect(receiver)
    try:
        first, _ = submit_attempt(attempt, right_answers(attempt))
        second, _ = submit_attempt(attempt, wrong_answers(attempt))
    finally:
        attempt_submitted.disconnect(receiver)
    assert graded == [attempt.pk]
    assert first.score_percent == second.score_percent == 100
    assert second.passed


def test_editing_or_deleting_questions_never_changes_a_submitted_score(catalog, learner):
    quiz = quiz_of(catalog, questions=[single_choice(), multiple_select(), true_false()])
    attempt = start_attempt(quiz, learner)
    answers = right_answers(attempt)
    open_attempt_questions = None
    attempt, _ = submit_attempt(attempt, answers)
    score = attempt.score_percent

    # The editor flips every answer and deletes a question, then publishes.
    draft = quiz.get_latest_revision_as_object()
    data = draft.questions.raw_data
    for block in data:
        value = block["value"]
        if block["type"] == "true_false":
            value["correct_answer"] = "true"
        else:
            for item in value["choices"]:
                item["value"]["correct"] = not item["value"]["correct"]
    draft.questions = data[:-1]
    publish(draft)

    attempt.refresh_from_db()
    assert attempt.score_percent == score == 100
    assert len(attempt.questions) == 3
    assert open_attempt_questions is None


def test_an_open_attempt_is_graded_on_its_frozen_questions(catalog, learner):
    quiz = quiz_of(catalog)
    attempt = start_attempt(quiz, learner)
    answers = right_answers(attempt)
    draft = quiz.get_latest_revision_as_object()
    draft.questions = [single_choice(prompt="A brand new question")]
    publish(draft)
    attempt, _ = submit_attempt(attempt, answers)
    assert attempt.passed and attempt.score_percent == 100


def test_pass_mark_is_frozen_at_start(catalog, learner):
    quiz = quiz_of(catalog, pass_mark=50)
    attempt = start_attempt(quiz, learner)
    quiz.pass_mark = 100
    publish(quiz)
    first_right = {attempt.questions[0]["id"]: right_answers(attempt)[attempt.questions[0]["id"]]}
    attempt, _ = submit_attempt(attempt, first_right)
    assert attempt.passed


def test_answers_to_unserved_questions_or_unknown_choices_are_dropped(catalog, learner):
    quiz = quiz_of(catalog)
    attempt = start_attempt(quiz, learner)
    q = attempt.questions[0]
    attempt = save_responses(attempt, {q["id"]: ["forged", q["choices"][1]["id"]], "nope": ["x"]})
    assert attempt.responses == {q["id"]: [q["choices"][1]["id"]]}
