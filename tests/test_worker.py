"""Background work on real workers: two `manage.py db_worker` processes share one queue.

Runs on the PostgreSQL leg (`TEST_DATABASE_URL`): the workers claim tasks with
`SELECT ... FOR UPDATE SKIP LOCKED` on the test database, which this test commits to.
"""

import io
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

import pytest
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from certificates import pdf
from certificates.models import Certificate
from certificates.tasks import email_certificate, render_certificate_pdfs
from lrs.models import StatementDelivery
from tests.certs import approve, pass_course
from tests.factories import make_course
from tests.test_lrs import FakeLrs

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="workers need PostgreSQL"),
]

ROOT = Path(__file__).resolve().parent.parent
LEARNERS = 6
TIMEOUT = 120  # seconds for every task to finish on this 2-core machine


@pytest.fixture
def lrs(settings):
    server = FakeLrs()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.LRS_ENDPOINT = server.url
    settings.LRS_USERNAME = "cec"
    settings.LRS_PASSWORD = "s3cret"  # noqa: S105
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def workers(settings, lrs, tmp_path):
    """Two real worker processes on the test database; killed at the end."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    save_log = tmp_path / "saves.log"
    save_log.touch()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "CEC_WORKER_DATABASE_NAME": connection.settings_dict["NAME"],
        "CEC_WORKER_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "CEC_WORKER_SIGNING_KEY_FILE": str(django_settings.CEC_SIGNING_KEY_FILE),
        "CEC_TEST_SAVE_LOG": str(save_log),
        "LRS_ENDPOINT": lrs.url,
        "LRS_USERNAME": "cec",
        "LRS_PASSWORD": "s3cret",
    }
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "0.2",
                "--worker-id",
                f"test-worker-{n}",
                "-v",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=open(tmp_path / f"worker-{n}.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        for n in (1, 2)
    ]
    yield save_log, tmp_path
    for process in processes:
        process.kill()
    for process in processes:
        process.wait(timeout=30)


def wait_until_done(timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).count()
        if not pending:
            return
        time.sleep(0.5)
    raise AssertionError(f"{pending} task(s) still pending after {timeout} s")


def wait_for_workers(logs, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = [p for p in logs.glob("worker-*.log") if "Starting worker" in p.read_text()]
        if len(started) == 2:
            return
        time.sleep(0.2)
    raise AssertionError("the workers did not start")


def run_to_the_end(logs):
    try:
        wait_until_done()
    finally:
        for log in sorted(logs.glob("worker-*.log")):
            sys.stderr.write(log.read_text()[-3000:])
    results = DBTaskResult.objects.all()
    assert not results.filter(status="FAILED").exists(), list(
        results.values("exception_class_path", "traceback")
    )
    return results


def saved_names(save_log) -> Counter:
    return Counter(line.split()[1] for line in save_log.read_text().splitlines())


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_two_workers_render_each_pdf_once_and_deliver_each_statement_once(
    workers, lrs, catalog, make_user, client
):
    save_log, logs = workers
    wait_for_workers(logs)
    course = make_course(catalog, lessons=1)
    approve(course)
    learners = [make_user() for _ in range(LEARNERS)]
    for learner in learners:
        pass_course(learner, course)  # issuing commits, then queues the PDF, e-mail, LRS tasks
    certificates = list(Certificate.objects.filter(course=course))
    assert len(certificates) == LEARNERS
    # A duplicate of every task, as a retry or a second trigger would make.
    for certificate in certificates:
        render_certificate_pdfs.enqueue(certificate.pk)
        email_certificate.enqueue(certificate.pk)

    results = run_to_the_end(logs)

    # Each task ran once (claimed by one worker), and both workers took part.
    assert all(len(r.worker_ids) == 1 for r in results)
    assert len({r.worker_ids[0] for r in results}) == 2

    # At issue, the default size only, each rendered and stored exactly once.
    saves = saved_names(save_log)
    issued = {pdf.storage_name(c, pdf.DEFAULT_SIZE) for c in certificates}
    assert set(saves) == issued, "only the default size at issue, each under its own name"
    assert set(saves.values()) == {1}, f"each PDF rendered and stored exactly once: {saves}"

    # Two e-mail tasks per certificate, one sent it.
    sent = Counter(
        r.args_kwargs["args"][0]
        for r in results.filter(task_path__endswith="email_certificate")
        if r.return_value is True
    )
    assert sent == Counter({c.pk: 1 for c in certificates}), sent
    assert not Certificate.objects.filter(course=course, email_sent_at__isnull=True).exists()

    deliveries = StatementDelivery.objects.all()
    assert deliveries.exists()
    assert set(deliveries.values_list("status", flat=True)) == {StatementDelivery.Status.DELIVERED}
    statements = Counter(r["query"]["statementId"][0] for r in lrs.requests)
    assert statements and set(statements.values()) == {1}, f"each statement once: {statements}"
    assert set(statements) == {str(d.statement_id) for d in deliveries}

    # A4 on its first download: the page says "being prepared" and queues it (a poll from
    # this node queues nothing more; another node without the cache key queues again).
    for certificate in certificates:
        url = reverse("certificates:pdf", args=[certificate.code]) + "?size=a4"
        assert client.get(url).status_code == 202
        assert client.get(url).status_code == 202
        render_certificate_pdfs.enqueue(certificate.pk, ["a4"])
    results = run_to_the_end(logs)
    a4_tasks = [
        r
        for r in results.filter(task_path__endswith="render_certificate_pdfs")
        if r.args_kwargs["args"][1:] == [["a4"]]
    ]
    assert len(a4_tasks) == 2 * LEARNERS  # one per first download, one from "another node"

    for certificate in certificates:
        for size in pdf.SIZES:
            url = reverse("certificates:pdf", args=[certificate.code]) + f"?size={size}"
            response = client.get(url)
            assert response.status_code == 200, (certificate.code, size)
            assert certificate.code in pdf_text(response.content).replace(" ", "")
    saves = saved_names(save_log)
    expected = {pdf.storage_name(c, size) for c in certificates for size in pdf.SIZES}
    assert set(saves) == expected, "every PDF stored under its own name, no duplicates"
    assert set(saves.values()) == {1}, f"each PDF rendered and stored exactly once: {saves}"
