"""LRS delivery: an outbox written with the certificate, sent to a loopback LRS."""

import base64
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from certificates.issuing import reissue_certificate
from certificates.models import Certificate
from lrs.conf import LrsSettings
from lrs.delivery import _claim, backoff, deliver_due
from lrs.models import StatementDelivery
from lrs.tasks import deliver_statements
from records.models import CompletionRecord
from tests.certs import approve, pass_course
from tests.factories import make_course

Status = StatementDelivery.Status


class FakeLrs(ThreadingHTTPServer):
    """A learning record store on 127.0.0.1 that answers what the test tells it to."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), LrsHandler)
        self.requests = []  # every request: method, path, query, headers, body
        self.status = 204
        self.body = b""
        self.headers_to_send = {}
        self.delay = 0  # seconds to wait before answering (to widen races)

    def answer(self, status, body=b"", **headers):
        self.status, self.body, self.headers_to_send = status, body, headers

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/xapi/"

    def ids_with(self, status):
        return [r["query"]["statementId"][0] for r in self.requests if r["answered"] == status]


class LrsHandler(BaseHTTPRequestHandler):
    def do_PUT(self):
        time.sleep(self.server.delay)
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        parts = urlsplit(self.path)
        self.server.requests.append(
            {
                "method": "PUT",
                "path": parts.path,
                "query": parse_qs(parts.query),
                "headers": dict(self.headers),
                "json": json.loads(body),
                "answered": self.server.status,
            }
        )
        self.send_response(self.server.status)
        for name, value in self.server.headers_to_send.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    do_POST = do_PUT

    def log_message(self, *args):
        pass


@pytest.fixture
def lrs(settings):
    server = FakeLrs()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LRS_ENDPOINT = server.url
    settings.LRS_USERNAME = "cec"
    settings.LRS_PASSWORD = "s3cret"  # noqa: S105
    settings.LRS_CONNECT_TIMEOUT = 2
    settings.LRS_READ_TIMEOUT = 5
    settings.LRS_MAX_ATTEMPTS = 10
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def course(catalog):
    course = make_course(catalog, lessons=1)
    approve(course)
    return course


def issue(learner, course, capture):
    """Pass the course; the on-commit delivery task runs as it would after a commit."""
    with capture(execute=True):
        pass_course(learner, course)
    return Certificate.objects.get(learner=learner, course=course, status="valid")


def make_all_due():
    """As if the back-off had passed."""
    StatementDelivery.objects.filter(status=Status.PENDING).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_nothing_is_queued_when_no_lrs_is_configured(
    settings, course, learner, django_capture_on_commit_callbacks
):
    settings.LRS_ENDPOINT = ""
    issue(learner, course, django_capture_on_commit_callbacks)
    assert not StatementDelivery.objects.exists()
    call_command("deliver_statements")


def test_lrs_down_loses_nothing_and_back_up_delivers_each_statement_once(
    lrs, course, learner, django_capture_on_commit_callbacks
):
    lrs.answer(503, b"maintenance")
    before = timezone.now()
    certificate = issue(learner, course, django_capture_on_commit_callbacks)

    rows = list(StatementDelivery.objects.order_by("id"))
    assert len(rows) == 2 and {r.certificate_id for r in rows} == {certificate.pk}
    first, second = rows
    assert all(r.status == Status.PENDING for r in rows)
    # The first try met the outage: counted, backed off a minute, the error kept. The
    # batch stopped there, so the second is still due for the next run.
    assert first.attempts == 1 and "503" in first.last_error and "maintenance" in first.last_error
    assert before + timedelta(seconds=55) < first.next_attempt_at
    assert first.next_attempt_at < timezone.now() + timedelta(seconds=65)
    assert second.attempts == 0 and len(lrs.requests) == 1

    call_command("deliver_statements")  # still down: the first is not due, the second is
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attempts, second.attempts) == (1, 1) and len(lrs.requests) == 2

    make_all_due()
    call_command("deliver_statements")  # still down: second attempt, two minutes' wait
    first.refresh_from_db()
    assert first.attempts == 2 and first.status == Status.PENDING
    assert first.next_attempt_at > timezone.now() + timedelta(seconds=115)

    lrs.answer(204)
    make_all_due()
    call_command("deliver_statements")
    rows = list(StatementDelivery.objects.order_by("id"))
    assert all(r.status == Status.DELIVERED and r.delivered_at for r in rows)
    delivered = lrs.ids_with(204)
    assert sorted(delivered) == sorted(str(r.statement_id) for r in rows)
    assert len(delivered) == len(set(delivered))

    # Running again, or the task on delivered rows, sends nothing.
    sent = len(lrs.requests)
    call_command("deliver_statements")
    deliver_statements.enqueue(delivery_ids=[r.pk for r in rows])
    make_all_due()
    deliver_due()
    assert len(lrs.requests) == sent


def test_statements_are_put_with_version_header_basic_auth_and_validate(
    lrs, course, learner, django_capture_on_commit_callbacks
):
    issue(learner, course, django_capture_on_commit_callbacks)
    assert len(lrs.requests) == 2
    assert StatementDelivery.objects.filter(status=Status.DELIVERED).count() == 2
    for request in lrs.requests:
        assert request["method"] == "PUT" and request["path"] == "/xapi/statements"
        assert request["query"]["statementId"] == [request["json"]["id"]]
        assert request["headers"]["X-Experience-API-Version"] == "1.0.3"
        expected = "Basic " + base64.b64encode(b"cec:s3cret").decode()
        assert request["headers"]["Authorization"] == expected
        BaseXapiStatement.model_validate(request["json"])
        assert learner.email not in json.dumps(request["json"])
    verbs = [r["json"]["verb"]["id"].rsplit("/", 1)[-1] for r in lrs.requests]
    assert verbs == ["completed", "passed"]


def test_a_conflict_counts_as_delivered(lrs, course, learner, django_capture_on_commit_callbacks):
    lrs.answer(409, b"Conflict: statement exists")
    issue(learner, course, django_capture_on_commit_callbacks)
    assert set(StatementDelivery.objects.values_list("status", flat=True)) == {Status.DELIVERED}


def test_already_exists_in_a_400_counts_as_delivered(
    lrs, course, learner, django_capture_on_commit_callbacks
):
    lrs.answer(400, b'{"message": "Statement already exists"}')
    issue(learner, course, django_capture_on_commit_callbacks)
    assert set(StatementDelivery.objects.values_list("status", flat=True)) == {Status.DELIVERED}


def test_a_rejection_fails_with_the_error_kept_and_retry_now_works(
    lrs, course, learner, make_user, django_capture_on_commit_callbacks
):
    lrs.answer(400, b"actor.account.homePage must be an IRL")
    issue(learner, course, django_capture_on_commit_callbacks)
    rows = list(StatementDelivery.objects.order_by("id"))
    assert [r.status for r in rows] == [Status.FAILED, Status.FAILED]
    assert "400" in rows[0].last_error and "must be an IRL" in rows[0].last_error
    assert rows[0].attempts == 1
    make_all_due()
    deliver_due()
    assert len(lrs.requests) == 2  # failed rows are not retried by themselves

    admin = make_user(is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    listing = client.get(reverse("lrs_deliveries:index"))
    assert listing.status_code == 200 and "must be an IRL" in listing.content.decode()

    retry_url = reverse("lrs_deliveries:retry", args=[rows[0].pk])
    assert client.post(retry_url).status_code == 403  # no CSRF token
    page = client.get(retry_url)
    assert page.status_code == 200
    lrs.answer(204)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url, {"csrfmiddlewaretoken": page.context["csrf_token"]})
    assert response.status_code == 302
    rows[0].refresh_from_db()
    rows[1].refresh_from_db()
    assert rows[0].status == Status.DELIVERED and rows[0].attempts == 2
    assert rows[1].status == Status.FAILED  # only the row asked for
    assert lrs.ids_with(204) == [str(rows[0].statement_id)]
    # Delivered rows leave the listing (after the flash message is shown once).
    client.get(reverse("lrs_deliveries:index"))
    assert (
        str(rows[0].statement_id)
        not in client.get(reverse("lrs_deliveries:index")).content.decode()
    )

    call_command("deliver_statements", "--retry-failed")
    rows[1].refresh_from_db()
    assert rows[1].status == Status.DELIVERED


def test_gives_up_after_the_maximum_attempts(
    lrs, settings, course, learner, django_capture_on_commit_callbacks
):
    settings.LRS_MAX_ATTEMPTS = 3
    lrs.answer(500, b"boom")
    issue(learner, course, django_capture_on_commit_callbacks)
    for _ in range(6):
        make_all_due()
        deliver_due()
    rows = list(StatementDelivery.objects.order_by("id"))
    assert [(r.status, r.attempts) for r in rows] == [(Status.FAILED, 3), (Status.FAILED, 3)]
    assert "500" in rows[0].last_error


def test_too_many_requests_waits_at_least_retry_after(
    lrs, course, learner, django_capture_on_commit_callbacks
):
    lrs.answer(429, b"slow down", Retry_After="600")
    issue(learner, course, django_capture_on_commit_callbacks)
    first = StatementDelivery.objects.order_by("id").first()
    assert first.status == Status.PENDING and first.attempts == 1
    assert first.next_attempt_at > timezone.now() + timedelta(seconds=590)


def test_network_error_stays_pending(settings, course, learner, django_capture_on_commit_callbacks):
    server = FakeLrs()  # bound, never served or closed at once: nothing listens
    port = server.server_address[1]
    server.server_close()
    settings.LRS_ENDPOINT = f"http://127.0.0.1:{port}/xapi/"
    settings.LRS_CONNECT_TIMEOUT = 1
    issue(learner, course, django_capture_on_commit_callbacks)
    first = StatementDelivery.objects.order_by("id").first()
    assert first.status == Status.PENDING and first.attempts == 1
    assert "Connection" in first.last_error


@pytest.mark.parametrize(
    "attempts, retry_after, minutes",
    [
        (1, None, 1),
        (2, None, 2),
        (3, None, 4),
        (6, None, 32),
        (7, None, 60),
        (10, None, 60),
        (1, 300, 5),
        (1, 99999, 60),
    ],
)
def test_backoff(attempts, retry_after, minutes):
    assert backoff(attempts, retry_after) == timedelta(minutes=minutes)


def test_a_row_is_claimed_by_one_worker_only(settings, course, learner):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xapi/"  # queue only; nothing sent here
    pass_course(learner, course)  # on-commit callbacks never run in this test
    row = StatementDelivery.objects.order_by("id").first()
    now = timezone.now()
    assert _claim(row.pk, now=now, lease=timedelta(minutes=2)) is True
    assert _claim(row.pk, now=now, lease=timedelta(minutes=2)) is False
    row.refresh_from_db()
    assert row.attempts == 1 and row.next_attempt_at == now + timedelta(minutes=2)


def test_statements_are_queued_in_the_issuing_transaction(settings, course, learner):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xapi/"

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        pass_course(learner, course)
        assert StatementDelivery.objects.count() == 2
        raise Abort
    assert not StatementDelivery.objects.exists()
    assert not Certificate.objects.exists()


def test_a_course_no_body_approved_still_reaches_the_lrs(
    lrs, catalog, learner, django_capture_on_commit_callbacks
):
    course = make_course(catalog, lessons=1)  # no approval: no CompletionRecord
    certificate = issue(learner, course, django_capture_on_commit_callbacks)
    assert not CompletionRecord.objects.exists()
    assert StatementDelivery.objects.filter(certificate=certificate).count() == 2
    assert len(lrs.ids_with(204)) == 2
    for request in lrs.requests:
        BaseXapiStatement.model_validate(request["json"])


def test_a_reissue_voids_the_superseded_statements(
    lrs, course, learner, make_user, django_capture_on_commit_callbacks
):
    old = issue(learner, course, django_capture_on_commit_callbacks)
    old_ids = {str(i) for i in StatementDelivery.objects.values_list("statement_id", flat=True)}
    admin = make_user(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        new = reissue_certificate(old, user=admin, reason="Name", learner_name="Pat Q. Learner")
    assert StatementDelivery.objects.filter(certificate=new).count() == 4
    voids = [r["json"] for r in lrs.requests if r["json"]["verb"]["id"].endswith("/voided")]
    assert {v["object"]["id"] for v in voids} == old_ids
    for request in lrs.requests:
        BaseXapiStatement.model_validate(request["json"])
    names = {
        r["json"]["actor"]["name"] for r in lrs.requests if "voided" not in r["json"]["verb"]["id"]
    }
    assert names == {"Lee Learner", "Pat Q. Learner"}
    assert len(lrs.ids_with(204)) == 6


def test_deliveries_admin_needs_permission(client, make_user, lrs, course, learner):
    pass_course(learner, course)
    staff = make_user(is_staff=True)
    access = Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    staff.user_permissions.add(access)
    client.force_login(staff)
    row = StatementDelivery.objects.order_by("id").first()
    assert client.get(reverse("lrs_deliveries:index")).status_code in (302, 403)
    assert client.post(reverse("lrs_deliveries:retry", args=[row.pk])).status_code in (302, 403)
    row.refresh_from_db()
    assert row.attempts == 0 and not lrs.requests

    group = Group.objects.create(name="LRS viewers")
    group.permissions.add(
        access,
        Permission.objects.get(codename="view_statementdelivery", content_type__app_label="lrs"),
    )
    staff.groups.add(group)
    client.force_login(type(staff).objects.get(pk=staff.pk))
    assert client.get(reverse("lrs_deliveries:index")).status_code == 200
    assert client.post(reverse("lrs_deliveries:retry", args=[row.pk])).status_code in (302, 403)
    assert not lrs.requests


def test_settings_object_reads_the_settings(lrs):
    config = LrsSettings.from_settings()
    assert config.statements_url == lrs.url + "statements"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent workers")
def test_concurrent_workers_send_each_statement_once(lrs, course, make_user):
    lrs.answer(503)
    for _ in range(3):
        pass_course(make_user(), course)  # commits: each first statement meets the outage
    assert StatementDelivery.objects.count() == 6
    lrs.answer(204)
    lrs.delay = 0.05
    make_all_due()

    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            deliver_due()
        except Exception as exc:  # noqa: BLE001 (asserted on below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    delivered = lrs.ids_with(204)
    assert len(delivered) == 6 and len(set(delivered)) == 6
    assert set(StatementDelivery.objects.values_list("status", flat=True)) == {Status.DELIVERED}
