"""PDFs and the certificate e-mail come from the task worker, never from a request.

With a backend that runs nothing (`DummyBackend`, as a production queue the worker has not
reached yet) the views answer "being prepared" and queue one render; once the task ran,
they stream the stored file. The immediate backend of dev and tests renders inside the
enqueue, so there the first request already streams (tests/test_certificate_pdf.py).
"""

import io
import re
import threading

from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse

import pytest
from django_tasks import default_task_backend
from pypdf import PdfReader

from certificates import pdf
from certificates.models import Certificate
from certificates.pdf_responses import RETRY_SECONDS
from certificates.queueing import private_pdf_name
from certificates.tasks import email_certificate, render_certificate_pdfs, render_private_pdf
from core.storage import private_storage
from tests.certs import approve, certified_course, pass_course

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def queued(settings):
    """Tasks are queued and not run: the list of what was queued, as (task name, args)."""
    settings.TASKS = DUMMY
    backend = default_task_backend
    backend.clear()

    def names():
        return [(result.task.name, result.args) for result in backend.results]

    return names


def run_queued():
    """Be the worker: run every queued task once, in this (main) thread."""
    results, default_task_backend.results = list(default_task_backend.results), []
    for result in results:
        result.task.call(*result.args, **result.kwargs)


@pytest.fixture
def no_weasyprint(monkeypatch):
    """Fail the test if anything lays out a PDF (the request must not)."""

    def refuse(html):
        raise AssertionError("WeasyPrint ran in the request")

    monkeypatch.setattr(pdf, "html_document", refuse)


@pytest.fixture
def certificate(catalog, learner):
    course = certified_course(catalog)
    pass_course(learner, course)  # on_commit callbacks do not run here: nothing rendered
    return Certificate.objects.get(learner=learner, course=course)


def pdf_url(certificate, size):
    return reverse("certificates:pdf", args=[certificate.code]) + f"?size={size}"


# --- Issue -----------------------------------------------------------------------------


def test_issuing_queues_one_size_and_the_email(
    catalog, learner, queued, django_capture_on_commit_callbacks
):
    course = certified_course(catalog)
    with django_capture_on_commit_callbacks(execute=True):
        pass_course(learner, course)
    certificate = Certificate.objects.get(learner=learner, course=course)

    renders = [args for name, args in queued() if name == render_certificate_pdfs.name]
    assert renders == [[certificate.pk, [pdf.DEFAULT_SIZE]]]
    assert [args for name, args in queued() if name == email_certificate.name] == [[certificate.pk]]
    assert not mail.outbox  # sent by the worker, not the request

    run_queued()

    assert default_storage.exists(pdf.storage_name(certificate, pdf.DEFAULT_SIZE))
    others = [size for size in pdf.SIZES if size != pdf.DEFAULT_SIZE]
    assert others and not any(
        default_storage.exists(pdf.storage_name(certificate, size)) for size in others
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]


# --- The certificate PDF view ----------------------------------------------------------


def test_a_missing_pdf_answers_being_prepared_and_queues_its_render(
    client, certificate, queued, no_weasyprint
):
    response = client.get(pdf_url(certificate, "a4"))

    assert response.status_code == 202
    assert response["Retry-After"] == str(RETRY_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Your certificate PDF is being prepared" in html
    assert f'<meta http-equiv="refresh" content="{RETRY_SECONDS}">' in html
    assert 'role="status"' in html
    assert f'href="{certificate.get_absolute_url()}"' in html
    assert queued() == [(render_certificate_pdfs.name, [certificate.pk, ["a4"]])]
    assert not default_storage.exists(pdf.storage_name(certificate, "a4"))


def test_polling_does_not_queue_the_render_again(client, certificate, queued, no_weasyprint):
    for _ in range(3):
        assert client.get(pdf_url(certificate, "a4")).status_code == 202

    assert len(queued()) == 1


def test_the_pdf_streams_once_the_worker_rendered_it(client, certificate, queued):
    assert client.get(pdf_url(certificate, "a4")).status_code == 202
    run_queued()

    response = client.get(pdf_url(certificate, "a4"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="certificate-{certificate.code}-a4.pdf"'
    )
    assert "max-age=604800" in response["Cache-Control"]
    assert certificate.code in text_of(response.content)
    assert queued() == []  # streamed from storage, nothing queued again


def test_the_render_task_renders_only_what_is_missing(certificate, monkeypatch):
    calls = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda c, size: calls.append(size) or real(c, size))

    render_certificate_pdfs.call(certificate.pk)
    render_certificate_pdfs.call(certificate.pk, ["a4"])
    render_certificate_pdfs.call(certificate.pk, list(pdf.SIZES))
    render_certificate_pdfs.call(0, ["a4"])  # a certificate that is gone: nothing to do

    assert calls == [pdf.DEFAULT_SIZE, "a4"]
    with pytest.raises(pdf.UnknownSize):
        render_certificate_pdfs.call(certificate.pk, ["A5"])


def test_a_queue_that_fails_is_tried_again_on_the_next_poll(db):
    from certificates.queueing import queue_once

    calls = []

    def broken():
        calls.append(1)
        raise ConnectionError("queue down")

    for _ in range(2):
        with pytest.raises(ConnectionError):
            queue_once("certificates/X/X-a4-v2-valid.pdf", broken)

    assert len(calls) == 2


# --- The transcript PDF ----------------------------------------------------------------


def test_the_transcript_is_prepared_by_the_worker_in_private_storage(
    client, certificate, learner, queued, monkeypatch
):
    client.force_login(learner)
    real = pdf.html_document
    monkeypatch.setattr(pdf, "html_document", lambda html: pytest.fail("rendered in request"))

    response = client.get("/dashboard/transcript.pdf")

    assert response.status_code == 202
    assert response["Retry-After"] == str(RETRY_SECONDS)
    assert "Your transcript PDF is being prepared" in response.content.decode()
    [(name, args)] = queued()
    assert name == render_private_pdf.name and args[:2] == [learner.pk, "transcript"]

    monkeypatch.setattr(pdf, "html_document", real)
    run_queued()
    response = client.get("/dashboard/transcript.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cec-transcript.pdf"'
    text = text_of(response.content)
    assert "Lee Learner" in text and certificate.snapshot["course_code"] in text
    assert certificate.code in text.replace(" ", "")  # the table may wrap the code
    stored = private_pdf_name(learner.pk, "transcript", args[2])
    assert private_storage().exists(stored)
    assert re.fullmatch(rf"documents/{learner.pk}/transcript-[0-9a-f]{{64}}\.pdf", stored)
    assert not default_storage.exists(stored)  # never in the public media storage


def test_each_transcript_filter_and_learner_gets_its_own_file(learner, make_user):
    html = "<p>transcript</p>"

    names = {
        private_pdf_name(learner.pk, "transcript", html),
        private_pdf_name(learner.pk, "transcript", html + "<p>since 2026-01-01</p>"),
        private_pdf_name(make_user().pk, "transcript", html),
    }

    assert len(names) == 3
    assert private_pdf_name(learner.pk, "transcript", html) in names  # stable
    with pytest.raises(ValueError):
        private_pdf_name(learner.pk, "../certificates", html)


def test_the_ce_summary_pdf_is_prepared_by_the_worker_too(client, catalog, learner, queued):
    from datetime import date, timedelta

    from certifying_bodies.models import CertifyingBody, LearnerCredential
    from home.site_setup import ensure_launch_bodies

    ensure_launch_bodies()
    course = certified_course(catalog)
    approve(course, code="ACE")
    body = CertifyingBody.objects.get(code="ACE")
    LearnerCredential.objects.create(
        learner=learner, body=body, certified_on=date.today() - timedelta(days=100)
    )
    pass_course(learner, course)
    client.force_login(learner)
    url = "/dashboard/renewal/ACE/summary.pdf"

    response = client.get(url)

    assert response.status_code == 202
    assert "Your CE summary PDF is being prepared" in response.content.decode()
    [args] = [args for name, args in queued() if name == render_private_pdf.name]
    assert args[:2] == [learner.pk, f"ce-summary-{body.pk}"]
    run_queued()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "CE summary for renewal" in text_of(response.content)


# --- The certificate e-mail ------------------------------------------------------------


def test_the_email_is_sent_once_even_when_the_task_runs_twice(certificate, learner):
    assert email_certificate.call(certificate.pk) is True
    assert email_certificate.call(certificate.pk) is False

    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]
    certificate.refresh_from_db()
    assert certificate.email_sent_at is not None


def test_a_failed_send_leaves_the_mark_clear_and_a_retry_sends(
    certificate, learner, settings, client
):
    settings.EMAIL_BACKEND = "tests.test_attestation.BrokenBackend"

    assert email_certificate.call(certificate.pk) is False

    certificate.refresh_from_db()
    assert certificate.email_sent_at is None
    assert certificate.status == Certificate.Status.VALID
    assert client.get(certificate.get_absolute_url()).status_code == 200

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_certificate.call(certificate.pk) is True
    assert len(mail.outbox) == 1
    certificate.refresh_from_db()
    assert certificate.email_sent_at is not None


# --- No WeasyPrint off the main thread in production -----------------------------------


def test_rendering_off_the_main_thread_is_refused_where_configured(settings):
    settings.PDF_RENDER_MAIN_THREAD_ONLY = True
    errors = []

    def in_a_thread():
        try:
            pdf.html_document("<p>x</p>")
        except RuntimeError as exc:
            errors.append(str(exc))

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()

    assert errors and "task worker" in errors[0]
    assert pdf.html_document("<p>x</p>").write_pdf().startswith(b"%PDF")  # main thread: fine
