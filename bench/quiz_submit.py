"""Median time to grade and save one 50-question attempt, and its SQL query count.

Times `submit_attempt` (lock, grade with the pure function, one conditional UPDATE, the
post-submit hook) and, separately, the full POST through the quiz page view; then a
passing submit, which completes the module and issues the certificate (completion records,
LRS outbox). Its PDF (the default size) and e-mail are queued, not done: production's task
worker does them, so they are not part of the learner's request.

    .venv/bin/python bench/quiz_submit.py [--repeat 200] [--questions 50]
"""

import argparse
import random
import time

from _django import median_ms, setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--questions", type=int, default=50)
    args = parser.parse_args()
    setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from courses.models import CourseIndexPage
    from quizzes.models import QuizPage
    from quizzes.services import start_attempt, submit_attempt
    from tests.factories import make_course, multiple_select, single_choice, true_false

    builders = [single_choice, multiple_select, true_false]
    questions = [builders[i % 3]() for i in range(args.questions)]
    course = make_course(
        CourseIndexPage.objects.get(), questions=questions, attempts_allowed=0, pass_mark=100
    )
    quiz = QuizPage.objects.child_of(course).get()
    learner = get_user_model().objects.create_user(email="bench@example.com", password="x")
    rng = random.Random(5)

    def answers(attempt):
        return {q["id"]: [rng.choice(q["choices"])["id"]] for q in attempt.questions}

    service_samples, view_samples = [], []
    client = Client()
    client.force_login(learner)
    for _ in range(args.repeat):
        attempt = start_attempt(quiz, learner, rng=rng)
        responses = answers(attempt)
        start = time.perf_counter()
        submit_attempt(attempt, responses)
        service_samples.append(time.perf_counter() - start)

        attempt = start_attempt(quiz, learner, rng=rng)
        data = {"action": "submit"}
        data.update({f"q-{qid}": picks for qid, picks in answers(attempt).items()})
        url = f"{quiz.url}attempt/{attempt.pk}/"
        start = time.perf_counter()
        client.post(url, data)
        view_samples.append(time.perf_counter() - start)

    attempt = start_attempt(quiz, learner, rng=rng)
    with CaptureQueriesContext(connection) as service_queries:
        submit_attempt(attempt, answers(attempt))
    attempt = start_attempt(quiz, learner, rng=rng)
    data = {"action": "submit", **{f"q-{k}": v for k, v in answers(attempt).items()}}
    with CaptureQueriesContext(connection) as view_queries:
        client.post(f"{quiz.url}attempt/{attempt.pk}/", data)

    passing_samples, passing_queries = measure_passing_submits(course, quiz, args.repeat)

    print(f"{args.questions}-question attempt, median of {args.repeat}, SQLite, DEBUG off")
    print(
        f"  grade + save (submit_attempt): {median_ms(service_samples):7.2f} ms, "
        f"{len(service_queries)} SQL statements"
    )
    print(
        f"  whole POST through the view:   {median_ms(view_samples):7.2f} ms, "
        f"{len(view_queries)} SQL statements"
    )
    print(
        f"  passing submit, certificate:   {median_ms(passing_samples):7.2f} ms, "
        f"{passing_queries} SQL statements"
    )


def measure_passing_submits(course, quiz, repeat):
    """A new learner each time (one certificate per learner and module), lessons opened."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from certificates.models import Certificate
    from quizzes.services import start_attempt, submit_attempt
    from tests.certs import approve, open_all_lessons, right_answers

    approve(course)
    samples, queries = [], 0
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        for n in range(repeat + 1):
            learner = get_user_model().objects.create_user(
                email=f"passing{n}@example.com", password="x", first_name="P", last_name=str(n)
            )
            open_all_lessons(learner, course)
            attempt = start_attempt(quiz, learner)
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                submit_attempt(attempt, right_answers(attempt))
                elapsed = time.perf_counter() - start
            assert Certificate.objects.filter(learner=learner).count() == 1
            samples.append(elapsed)
            queries = len(captured)
    return samples[1:], queries


if __name__ == "__main__":
    main()
