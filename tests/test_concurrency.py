"""Races that only a real database with row locks can show: run on the PostgreSQL leg."""

import threading

from django.db import connection, connections

import pytest

from quizzes.models import Attempt, QuizPage
from quizzes.services import AttemptNotAllowed, start_attempt, submit_attempt
from tests.factories import make_course

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(n, action):
    """Run `action` in n threads released at the same instant; return results or errors."""
    barrier = threading.Barrier(n)
    outcomes = [None] * n

    def run(i):
        try:
            barrier.wait()
            outcomes[i] = action()
        except Exception as exc:  # noqa: BLE001 (collected and asserted on)
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_starts_never_exceed_the_attempts_allowed(site_tree, learner):
    course = make_course(site_tree[1], attempts_allowed=2)
    quiz = QuizPage.objects.child_of(course).get()
    first = start_attempt(quiz, learner)
    submit_attempt(first, {})

    outcomes = race(6, lambda: start_attempt(quiz, learner).pk)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert len(set(outcomes)) == 1, "every racer resumes the one new attempt"
    assert Attempt.objects.filter(quiz=quiz, learner=learner).count() == 2
    submit_attempt(Attempt.objects.get(pk=outcomes[0]), {})
    with pytest.raises(AttemptNotAllowed):
        start_attempt(quiz, learner)


def test_simultaneous_submits_grade_once(site_tree, learner):
    course = make_course(site_tree[1])
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner)
    right = {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions}

    outcomes = race(4, lambda: submit_attempt(Attempt.objects.get(pk=attempt.pk), right)[0])

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert {o.submitted_at for o in outcomes} == {outcomes[0].submitted_at}
    assert all(o.passed for o in outcomes)


def test_simultaneous_passing_submits_issue_one_certificate(site_tree, learner):
    from certificates.models import Certificate
    from tests.certs import certified_course, open_all_lessons, right_answers

    course = certified_course(site_tree[1])
    open_all_lessons(learner, course)
    attempt = start_attempt(QuizPage.objects.child_of(course).get(), learner)
    answers = right_answers(attempt)

    outcomes = race(4, lambda: submit_attempt(Attempt.objects.get(pk=attempt.pk), answers)[0])

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Certificate.objects.filter(learner=learner, course=course).count() == 1
