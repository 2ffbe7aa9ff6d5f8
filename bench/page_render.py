"""Median time to serve a module page and a lesson page, next to a bare Wagtail page.

The bare page is an information page (title + rich text) holding the same text, at the
same depth in the tree, served through the same middleware and base template. Requests
alternate between the pages so both see the same machine conditions.

    .venv/bin/python bench/page_render.py [--repeat 300]
"""

import argparse
import re

from _django import median_ms, setup


def build_bare_page(home, depth, title, html, name):
    from home.models import StandardPage

    page = home
    while page.depth < depth:
        last = page.depth == depth - 1
        page = page.add_child(
            instance=StandardPage(
                title=title if last else "Section",
                slug=f"{name}-{page.depth}",
                body=html if last else "<p>Section.</p>",
            )
        )
        page.save_revision().publish()
    return page


def main_text(client, url):
    """The visible text of a page's <main>, as simple paragraphs."""
    html = client.get(url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    text = re.sub(r"<[^>]+>", " ", main)
    return "".join(f"<p>{line.strip()}</p>" for line in text.splitlines() if line.strip())


def compare(client, learner_client, label, page_url, bare_url, repeat):
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for c in (client, learner_client):
        for url in (page_url, bare_url):
            c.get(url)
    results = {}
    for who, c in (("visitor", client), ("learner", learner_client)):
        page_samples, bare_samples = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            c.get(bare_url)
            bare_samples.append(time.perf_counter() - start)
            start = time.perf_counter()
            c.get(page_url)
            page_samples.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as page_q:
            c.get(page_url)
        with CaptureQueriesContext(connection) as bare_q:
            c.get(bare_url)
        results[who] = (median_ms(page_samples), median_ms(bare_samples), len(page_q), len(bare_q))
    print(f"\n{label}")
    print(f"  {'':8} {'page ms':>9} {'bare ms':>9} {'ratio':>6} {'page SQL':>9} {'bare SQL':>9}")
    for who, (page_ms, bare_ms, page_q, bare_q) in results.items():
        print(
            f"  {who:8} {page_ms:9.2f} {bare_ms:9.2f} {page_ms / bare_ms:6.2f} "
            f"{page_q:9d} {bare_q:9d}"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from courses.models import CoursePage, LessonPage
    from home.models import HomePage

    home = HomePage.objects.get()
    course = CoursePage.objects.get(code="CEC-PTSM-103")
    lesson = LessonPage.objects.child_of(course).live().first()
    client = Client()
    learner = get_user_model().objects.create_user(email="bench@example.com", password="x")
    learner_client = Client()
    learner_client.force_login(learner)

    bare_module = build_bare_page(
        home, course.depth, course.title, main_text(client, course.url), "bare-module"
    )
    bare_lesson = build_bare_page(
        home, lesson.depth, lesson.title, main_text(client, lesson.url), "bare-lesson"
    )
    print(f"Median of {args.repeat} requests each, Django test client, DEBUG off, SQLite.")
    compare(
        client,
        learner_client,
        f"Module page {course.url}",
        course.url,
        bare_module.url,
        args.repeat,
    )
    compare(
        client,
        learner_client,
        f"Lesson page {lesson.url}",
        lesson.url,
        bare_lesson.url,
        args.repeat,
    )


if __name__ == "__main__":
    main()
