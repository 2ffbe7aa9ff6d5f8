"""Median time to render one certificate PDF, to serve the stored PDF, and to serve the
verification page, for a certificate with two approving bodies.

Renders are fresh (WeasyPrint from the template, nothing stored) and exclude the first,
which loads the fonts. Serving goes through the Django test client, rate limit off.

    .venv/bin/python bench/certificate_pdf.py [--renders 30] [--views 200]
"""

import argparse
from datetime import date, timedelta
from decimal import Decimal

from _django import median_ms, setup, timed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--views", type=int, default=200)
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from certificates import pdf
    from certificates.models import Certificate
    from certifying_bodies.models import CertifyingBody, CourseApproval
    from courses.models import CourseIndexPage, LessonPage
    from learning.seat_time import record_lesson_view
    from quizzes.models import QuizPage
    from quizzes.services import start_attempt, submit_attempt
    from tests.factories import make_course

    settings.RATELIMIT_ENABLE = False

    course = make_course(CourseIndexPage.objects.get(), lessons=2)
    for code, unit in [("NCBTMB", "CE"), ("NFPT", "CEC")]:
        body = CertifyingBody.objects.create(
            code=code,
            name=f"{code} certifying body",
            credit_unit=unit,
            credits_per_hour=Decimal("1"),
            provider_number="1234",
        )
        CourseApproval.objects.create(
            course=course,
            body=body,
            approval_number=f"{code}-2026-77",
            valid_from=date.today() - timedelta(days=1),
        )
    learner = get_user_model().objects.create_user(
        email="bench@example.com", password="x", first_name="Bea", last_name="Bench"
    )
    for lesson in LessonPage.objects.child_of(course).live():
        record_lesson_view(learner, lesson)
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner)
    submit_attempt(
        attempt,
        {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions},
    )
    # Issuing stored both sizes already (the immediate task backend runs on commit).
    certificate = Certificate.objects.get(learner=learner, course=course)
    pdf.ensure_pdfs(certificate)

    pdf.render_pdf(certificate, "letter")  # warm-up, excluded
    render_letter = timed(lambda: pdf.render_pdf(certificate, "letter"), args.renders)
    render_a4 = timed(lambda: pdf.render_pdf(certificate, "a4"), args.renders)
    size_bytes = len(pdf.pdf_bytes(certificate, "letter"))

    client = Client()
    pdf_url = reverse("certificates:pdf", args=[certificate.code])
    verify_url = certificate.get_absolute_url()
    for url in (pdf_url, verify_url):  # warm-up, excluded
        assert client.get(url).status_code == 200

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    serve_pdf = timed(lambda: get(pdf_url), args.views)
    serve_page = timed(lambda: get(verify_url), args.views)

    storage = settings.STORAGES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"Certificate PDF with two approvals; SQLite, DEBUG off, {storage}, {pdf.PDF_VARIANT}")
    print(
        f"  fresh render, US Letter (median of {args.renders}): "
        f"{median_ms(render_letter):7.2f} ms ({size_bytes / 1024:.0f} KiB)"
    )
    print(f"  fresh render, A4        (median of {args.renders}): {median_ms(render_a4):7.2f} ms")
    print(f"  serve stored PDF        (median of {args.views}): {median_ms(serve_pdf):7.2f} ms")
    print(f"  verification page       (median of {args.views}): {median_ms(serve_page):7.2f} ms")


if __name__ == "__main__":
    main()
