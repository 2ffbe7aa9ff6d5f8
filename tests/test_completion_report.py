"""The admin's "Completion records" report: filters, pages, downloads, who sees what."""

import csv
import io
import json
import re
from datetime import date

from django.contrib.auth.models import Group, Permission

from wagtail.models import ModelLogEntry

import openpyxl
import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from certifying_bodies.models import CertifyingBody
from quizzes.models import QuizPage
from records.completions import RecordFilter
from records.exports import CSV_HEADER, FORMATS, logged_chunks
from records.models import CompletionRecord
from records.staff import bodies_visible_to
from tests.certs import pass_course
from tests.test_exports import add_records, licensed, schema_errors, state_board_course

REPORT = "/admin/completion-records/"
LEARNER_ROW = re.compile(r'<th scope="row">(Lee Learner|Una Unlicensed|Bulk Learner \d+)</th>')


def download_url(fmt):
    return f"{REPORT}download/{fmt}/"


def provider_admin(make_user):
    user = make_user(is_staff=True)
    group, _ = Group.objects.get_or_create(name="Provider admins")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_completionrecord"),
    )
    user.groups.add(group)
    return user


def body_staff(make_user, body):
    """A body's staff member: admin access, and membership of the body's staff group."""
    group = Group.objects.create(name=f"{body.code} staff")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    body.staff_group = group
    body.save(update_fields=["staff_group"])
    user = make_user(email=f"staff@{body.code.lower()}.example")
    user.groups.add(group)
    return user


@pytest.fixture
def boards(catalog, learner, make_user):
    """Two state boards; Lee (licensed in FL) and Una (no licence) passed FL's module,
    Tom passed TX's."""
    fl_course, fl = state_board_course(catalog, code="FL-MT")
    tx_course, tx = state_board_course(catalog, code="TX-MT")
    licensed(learner, fl)
    pass_course(learner, fl_course)
    pass_course(make_user(first_name="Una", last_name="Unlicensed"), fl_course)
    pass_course(make_user(first_name="Tom", last_name="Texan", email="tom@example.com"), tx_course)
    CompletionRecord.objects.update(completed_on=date(2026, 3, 7))
    return fl, tx, fl_course, tx_course


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- Provider admins ----------------------------------------------------------------------


def test_provider_admin_sees_every_body(client, boards, make_user):
    fl, tx, *_ = boards
    client.force_login(provider_admin(make_user))
    page = client.get(REPORT)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="FL-MT"' in html and 'value="TX-MT"' in html
    # The first body by name is shown by default.
    assert "Lee Learner" in html and "Una Unlicensed" in html and "Tom Texan" not in html
    assert "MA12345" in html and "20-654321" in html and "2026-03-07" in html
    assert "1.5 CE" in html
    code = CompletionRecord.objects.filter(body=fl).first().certificate.code
    assert f'href="http://testserver/certificates/{code}/"' in html
    html = client.get(REPORT, {"body": "TX-MT"}).content.decode()
    assert "Tom Texan" in html and "Lee Learner" not in html


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_download_works_and_is_logged(client, boards, make_user, fmt):
    fl, *_ = boards
    admin = provider_admin(make_user)
    client.force_login(admin)
    response = client.get(download_url(fmt), {"body": "FL-MT", "since": "2026-03-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == FORMATS[fmt].content_type
    expected_name = f"completions-FL-MT-from-2026-03-01{FORMATS[fmt].suffix}"
    assert response["Content-Disposition"] == f'attachment; filename="{expected_name}"'
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = content_of(response)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode())))
        assert rows[0] == list(CSV_HEADER) and len(rows) == 3
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        assert [c.value for c in sheet[1]] == list(CSV_HEADER) and sheet.max_row == 3
    elif fmt == "cebroker":
        assert body.decode().splitlines() == [
            "12345,654321,,,MA12345,3/7/2026,State=FL,Profession=LMT"
        ]
    elif fmt == "cebroker-xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        assert sheet.max_row == 1 and sheet["E1"].value == "MA12345"
    elif fmt == "jsonl":
        assert [json.loads(line)["learner_name"] for line in body.decode().splitlines()] == [
            "Lee Learner",
            "Una Unlicensed",
        ]
    elif fmt == "xapi":
        statements = json.loads(body)
        assert len(statements) == 4
        for statement in statements:
            BaseXapiStatement.model_validate(statement)
    elif fmt == "badges":
        credentials = json.loads(body)["credentials"]
        assert len(credentials) == 2 and all(schema_errors(c) == [] for c in credentials)
    entry = ModelLogEntry.objects.get(action="cec.export")
    assert entry.object_id == str(fl.pk) and entry.user == admin
    assert entry.data["format"] == fmt and entry.data["source"] == "admin"
    assert entry.data["filters"]["since"] == "2026-03-01"
    assert entry.data["rows"] == (1 if fmt.startswith("cebroker") else 2)
    assert entry.data["complete"] is True


def test_a_streamed_download_is_logged_when_it_ends(client, boards, make_user):
    client.force_login(provider_admin(make_user))
    response = client.get(download_url("csv"), {"body": "FL-MT"})
    assert response.streaming
    assert not ModelLogEntry.objects.filter(action="cec.export").exists()
    content_of(response)
    assert ModelLogEntry.objects.get(action="cec.export").data["rows"] == 2


def test_a_download_cut_short_is_logged_as_incomplete(boards, make_user):
    fl, *_ = boards
    add_records(fl, 3000)
    admin = provider_admin(make_user)
    # The generator a streamed download sends; a WSGI server closes it when the client
    # goes away.
    chunks = logged_chunks(RecordFilter(body=fl), "jsonl", user=admin, source="admin")
    next(chunks)
    assert not ModelLogEntry.objects.filter(action="cec.export").exists()
    chunks.close()
    entry = ModelLogEntry.objects.get(action="cec.export")
    assert entry.user == admin and entry.data["complete"] is False
    assert 0 < entry.data["rows"] < 3002


def test_the_report_shows_what_ce_broker_must_leave_out(client, boards, make_user):
    client.force_login(provider_admin(make_user))
    html = client.get(REPORT, {"body": "FL-MT"}).content.decode()
    assert "1 of these record has no licence number or licence state" in html


def test_records_are_paged(client, boards, make_user):
    fl, *_ = boards
    add_records(fl, 60)
    client.force_login(provider_admin(make_user))
    first = client.get(REPORT, {"body": "FL-MT"}).content.decode()
    assert "62 records" in first and len(LEARNER_ROW.findall(first)) == 50
    assert "Page 1 of 2" in first and "p=2" in first
    second = client.get(REPORT, {"body": "FL-MT", "p": "2"}).content.decode()
    assert len(LEARNER_ROW.findall(second)) == 12 and "p=1" in second


def test_filters_narrow_the_report(client, boards, make_user, learner):
    fl, _, fl_course, _ = boards
    client.force_login(provider_admin(make_user))

    def learners(**params):
        html = client.get(REPORT, {"body": "FL-MT", **params}).content.decode()
        return sorted(name for name in ("Lee Learner", "Una Unlicensed") if name in html)

    assert learners() == ["Lee Learner", "Una Unlicensed"]
    assert learners(since="2026-03-08") == []
    assert learners(until="2026-03-07", since="2026-03-07") == ["Lee Learner", "Una Unlicensed"]
    assert learners(module=fl_course.code) == ["Lee Learner", "Una Unlicensed"]
    assert learners(status="revoked") == []
    assert learners(status="all") == ["Lee Learner", "Una Unlicensed"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"since": "2026-13-01"}, "Enter a valid date."),
        ({"since": "2026-03-02", "until": "2026-03-01"}, "The end date is before the start date."),
        ({"module": "NO-SUCH"}, "Select a valid choice."),
        ({"status": "lost"}, "Select a valid choice."),
        ({"body": "NOPE"}, "Select a valid choice."),
    ],
)
def test_bad_filters_reshow_the_form_and_refuse_downloads(
    client, boards, make_user, params, message
):
    client.force_login(provider_admin(make_user))
    query = {"body": "FL-MT", **params}
    page = client.get(REPORT, query)
    assert page.status_code == 200
    html = page.content.decode()
    assert message in html and "Lee Learner" not in html
    response = client.get(download_url("csv"), query)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="cec.export").exists()


def test_unknown_download_format_is_404(client, boards, make_user):
    client.force_login(provider_admin(make_user))
    assert client.get(download_url("pdf"), {"body": "FL-MT"}).status_code == 404


# --- Body staff ---------------------------------------------------------------------------


def test_body_staff_see_and_export_only_their_body(client, boards, make_user):
    fl, tx, *_ = boards
    staff = body_staff(make_user, tx)
    assert list(bodies_visible_to(staff)) == [tx]
    assert list(staff.get_all_permissions()) == ["wagtailadmin.access_admin"]
    client.force_login(staff)
    html = client.get(REPORT).content.decode()
    assert 'value="TX-MT"' in html and 'value="FL-MT"' not in html
    assert "Tom Texan" in html and "Lee Learner" not in html
    response = client.get(download_url("csv"), {"body": "TX-MT"})
    assert response.status_code == 200 and b"Tom Texan" in content_of(response)
    assert ModelLogEntry.objects.get(action="cec.export").user == staff

    # Another body's records: not found, in the report and in every download.
    assert client.get(REPORT, {"body": "FL-MT"}).status_code == 404
    for fmt in FORMATS:
        assert client.get(download_url(fmt), {"body": "FL-MT"}).status_code == 404


def test_body_staff_cannot_reach_learners_pages_quizzes_or_other_data(
    client, boards, make_user, learner
):
    fl, tx, fl_course, _ = boards
    client.force_login(body_staff(make_user, tx))
    home = client.get("/admin/")
    assert home.status_code == 200 and "Completion records" in home.content.decode()
    quiz = QuizPage.objects.child_of(fl_course).get()
    record = CompletionRecord.objects.filter(body=fl).first()
    for url in (
        "/admin/users/",
        f"/admin/users/edit/{learner.pk}/",
        "/admin/pages/",
        f"/admin/pages/{fl_course.pk}/",
        f"/admin/pages/{fl_course.pk}/edit/",
        f"/admin/pages/{quiz.pk}/edit/",
        f"/admin/quizzes/{quiz.pk}/item-analysis/",
        f"/admin/quizzes/{quiz.pk}/item-analysis.csv",
        "/admin/certifyingbody/",
        f"/admin/certifyingbody/edit/{fl.pk}/",
        "/admin/courseapproval/",
        "/admin/learnercredential/",
        "/admin/certificate_admin/",
        f"/admin/certificate_admin/inspect/{record.certificate_id}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert learner.email.encode() not in response.content, url


def test_admin_users_without_a_body_get_403(client, boards, make_user):
    editor = make_user(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(REPORT).status_code == 403
    assert client.get(download_url("csv"), {"body": "FL-MT"}).status_code == 403
    assert "Completion records" not in client.get("/admin/").content.decode()


def test_anonymous_users_are_sent_to_log_in(client, boards):
    response = client.get(download_url("csv"), {"body": "FL-MT"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_staff_group_is_set_on_the_body_form(client, boards, django_user_model):
    fl, *_ = boards
    root = django_user_model.objects.create_superuser(email="root@example.com", password="x")
    client.force_login(root)
    html = client.get(f"/admin/certifyingbody/edit/{fl.pk}/").content.decode()
    assert 'name="staff_group"' in html
    assert CertifyingBody._meta.get_field("staff_group").null


def test_who_sees_which_bodies(boards, make_user, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    fl, tx, *_ = boards
    root = django_user_model.objects.create_superuser(email="root@example.com", password="x")
    direct = make_user()
    direct.user_permissions.add(Permission.objects.get(codename="view_completionrecord"))
    staff = body_staff(make_user, fl)
    former = body_staff(make_user, tx)
    former.is_active = False
    former.save()
    nobody = make_user()
    assert set(bodies_visible_to(root)) == {fl, tx}
    assert set(bodies_visible_to(direct)) == {fl, tx}
    assert set(bodies_visible_to(provider_admin(make_user))) == {fl, tx}
    assert list(bodies_visible_to(staff)) == [fl]
    assert list(bodies_visible_to(former)) == []
    assert list(bodies_visible_to(nobody)) == []
    assert list(bodies_visible_to(AnonymousUser())) == []
