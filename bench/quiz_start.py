"""What one learner's quiz start costs: the quiz page, the start and the attempt page.

Each of --learners learners opens the first launch module and its lessons first (not
timed), then starts the quiz once; prints the median time and the SQL statements of each
request. Sessions live in the database under the test settings (Redis in production), so
each request here counts one statement more than it does there.

    .venv/bin/python bench/quiz_start.py [--learners 200]
"""

import argparse
import time

from _django import median_ms, setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=200)
    args = parser.parse_args()
    setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from courses.models import CoursePage, LessonPage
    from quizzes.models import QuizPage

    course = CoursePage.objects.live().order_by("pk").first()
    lessons = [lesson.url for lesson in LessonPage.objects.child_of(course).live()]
    quiz = QuizPage.objects.child_of(course).live().get()
    clients = []
    for i in range(args.learners):
        learner = get_user_model().objects.create_user(email=f"start-{i}@bench.example")
        client = Client()
        client.force_login(learner)
        for url in [course.url, *lessons]:
            assert client.get(url).status_code == 200
        clients.append(client)

    steps = ("quiz page", "start", "attempt page")
    samples = {step: [] for step in steps}
    statements = {}

    def timed(step, call, measure_sql):
        started = time.perf_counter()
        if measure_sql:
            with CaptureQueriesContext(connection) as queries:
                response = call()
            statements[step] = len(queries)
        else:
            response = call()
        samples[step].append(time.perf_counter() - started)
        return response

    for index, client in enumerate(clients):
        last = index == len(clients) - 1  # counted on the last one, timed on every one
        assert timed("quiz page", lambda c=client: c.get(quiz.url), last).status_code == 200
        response = timed("start", lambda c=client: c.post(quiz.url + "start/"), last)
        assert response.status_code == 302 and "/attempt/" in response["Location"]
        page = timed("attempt page", lambda c=client, r=response: c.get(r["Location"]), last)
        assert page.status_code == 200

    print(f"quiz start of {course.code}, {quiz.served_count} questions, {args.learners} learners")
    print(f"  {'request':14} {'median ms':>10} {'SQL':>5}")
    for step in steps:
        print(f"  {step:14} {median_ms(samples[step]):10.2f} {statements[step]:5d}")
    total = sum(median_ms(samples[step]) for step in steps)
    print(f"  {'all three':14} {total:10.2f} {sum(statements.values()):5d}")


if __name__ == "__main__":
    main()
