"""Completion-record exports: each format's exact layout, filters, validity, streaming."""

import csv
import io
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model

import openpyxl
import pytest
from jsonschema import Draft201909Validator, FormatChecker
from ralph.models.xapi.base.statements import BaseXapiStatement

from certificates.issuing import reissue_certificate, revoke_certificate
from certificates.models import Certificate
from certifying_bodies.models import CertifyingBody, LearnerCredential
from records import completions, exports
from records.cebroker import cebroker_unreportable, strip_prefix, us_date
from records.completions import RecordFilter
from records.exports import (
    CSV_HEADER,
    ExportStats,
    iter_export,
    write_export,
)
from records.models import CompletionRecord
from tests.certs import approve, pass_course
from tests.factories import make_course

STANDARDS = Path(__file__).parent / "standards" / "openbadges-3.0"
OB3_SCHEMA = json.loads((STANDARDS / "ob_v3p0_achievementcredential_schema.json").read_text())
COMPLETED = date(2026, 3, 7)


# --- Helpers shared with the command and report tests ---------------------------------


def state_board_course(catalog, *, code="FL-MT", **approval):
    """A module approved by a CE Broker state board, with CE Broker-style numbers."""
    course = make_course(catalog, lessons=1)
    approval_row = approve(course, code=code, unit="CE", rate="1", **approval)
    approval_row.approval_number = "20-654321"
    approval_row.save(update_fields=["approval_number"])
    CertifyingBody.objects.filter(code=code).update(provider_number="50-12345")
    return course, CertifyingBody.objects.get(code=code)


def licensed(learner, body, number="MA12345", state="FL", profession="LMT"):
    LearnerCredential.objects.create(
        learner=learner,
        body=body,
        credential_number=number,
        licence_state=state,
        profession=profession,
    )
    return learner


def add_records(body, count, *, like=None):
    """`count` more certificates and records of `body`, made in bulk from an issued one."""
    template = like or Certificate.objects.filter(records__body=body).order_by("pk").first()
    record = template.records.get(body=body)
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"bulk{i}-{body.code}@example.com", password="!")
        for i in range(count)
    )
    certificates = Certificate.objects.bulk_create(
        Certificate(
            learner=user,
            course_id=template.course_id,
            attempt_id=template.attempt_id,
            issued_at=template.issued_at,
            completed_on=template.completed_on,
            snapshot={**template.snapshot, "learner_name": f"Bulk Learner {i}"},
        )
        for i, user in enumerate(users)
    )
    CompletionRecord.objects.bulk_create(
        CompletionRecord(
            certificate=certificate,
            body=body,
            course_id=record.course_id,
            learner_id=certificate.learner_id,
            completed_on=record.completed_on,
            approval_number=record.approval_number,
            provider_number=record.provider_number,
            credits=record.credits,
            credit_unit=record.credit_unit,
        )
        for certificate in certificates
    )


def text_export(flt, fmt):
    out = io.StringIO()
    stats = write_export(flt, fmt, out)
    return out.getvalue(), stats


def binary_export(flt, fmt):
    out = io.BytesIO()
    stats = write_export(flt, fmt, out)
    out.seek(0)
    return openpyxl.load_workbook(out), stats


def csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


def schema_errors(document):
    validator = Draft201909Validator(OB3_SCHEMA, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture
def board(catalog, learner, make_user):
    """A state board's module passed by a licensed learner and by one without a licence."""
    course, body = state_board_course(catalog)
    licensed(learner, body)
    pass_course(learner, course)
    pass_course(make_user(first_name="Una", last_name="Unlicensed"), course)
    CompletionRecord.objects.update(completed_on=COMPLETED)
    return course, body


# --- CSV and JSON Lines ----------------------------------------------------------------


def test_csv_has_the_documented_header_and_values(board, learner):
    course, body = board
    text, stats = text_export(RecordFilter(body=body), "csv")
    header, first, second = csv_rows(text)
    assert header == [
        "learner_name",
        "learner_email",
        "credential_number",
        "licence_state",
        "profession",
        "course_code",
        "course_title",
        "approval_number",
        "provider_number",
        "completion_date",
        "contact_hours",
        "credits",
        "credit_unit",
        "score_percent",
        "certificate_code",
        "verification_url",
        "status",
        "active_minutes",
        "valid_until",
    ]
    assert tuple(header) == CSV_HEADER == tuple(name for name, _ in exports.COLUMNS)
    assert all(meaning.endswith(".") for _, meaning in exports.COLUMNS)
    certificate = Certificate.objects.get(learner=learner)
    assert first == [
        "Lee Learner",
        "lee@example.com",
        "MA12345",
        "FL",
        "LMT",
        course.code,
        course.title,
        "20-654321",
        "50-12345",
        "2026-03-07",
        "1.5",
        "1.5",
        "CE",
        "100",
        certificate.code,
        f"http://testserver/certificates/{certificate.code}/",
        "valid",
        "0",
        "",  # valid_until: the certificate does not expire
    ]
    assert second[:5] == ["Una Unlicensed", second[1], "", "", ""]
    assert stats == ExportStats(rows=2, skipped=0)
    assert text.encode("utf-8").decode("utf-8") == text and text.endswith("\r\n")


def test_csv_cells_cannot_start_a_formula(catalog, make_user):
    course, body = state_board_course(catalog)
    pass_course(make_user(first_name="=HYPERLINK(1)", last_name="-Evil"), course)
    text, _ = text_export(RecordFilter(body=body), "csv")
    assert csv_rows(text)[1][0] == "'=HYPERLINK(1) -Evil"


def test_jsonl_has_one_object_per_record_with_the_csv_fields(board, learner):
    _, body = board
    text, stats = text_export(RecordFilter(body=body), "jsonl")
    lines = text.splitlines()
    assert len(lines) == 2 == stats.rows
    first, second = (json.loads(line) for line in lines)
    assert list(first) == list(CSV_HEADER)
    # Numbers are JSON strings holding exact decimals; absent values are null.
    assert first["contact_hours"] == "1.5" and first["credits"] == "1.5"
    assert first["score_percent"] == "100" and first["completion_date"] == "2026-03-07"
    assert first["credential_number"] == "MA12345" and first["licence_state"] == "FL"
    assert second["credential_number"] is None and second["profession"] is None


# --- CE Broker -------------------------------------------------------------------------


def test_cebroker_helpers():
    assert us_date(date(2026, 3, 7)) == "3/7/2026"
    assert us_date(date(2026, 12, 31)) == "12/31/2026"
    assert strip_prefix("50-12345", "50-") == "12345"
    assert strip_prefix("12345", "50-") == "12345"
    assert strip_prefix(" 20-987 ", "20-") == "987"
    assert strip_prefix(None, "20-") == ""


def test_cebroker_csv_is_the_documented_roster_layout(board):
    _, body = board
    text, stats = text_export(RecordFilter(body=body), "cebroker")
    # No header row; columns A-H by position; the unlicensed learner is left out.
    assert csv_rows(text) == [
        ["12345", "654321", "", "", "MA12345", "3/7/2026", "State=FL", "Profession=LMT"]
    ]
    assert stats == ExportStats(rows=1, skipped=1)


def test_cebroker_skips_records_without_a_licence_state(catalog, learner):
    course, body = state_board_course(catalog)
    licensed(learner, body, state="", profession="")
    pass_course(learner, course)
    text, stats = text_export(RecordFilter(body=body), "cebroker")
    assert text == "" and stats == ExportStats(rows=0, skipped=1)
    assert cebroker_unreportable(RecordFilter(body=body)) == 1


def test_cebroker_without_a_profession_leaves_column_h_empty(catalog, learner):
    course, body = state_board_course(catalog)
    licensed(learner, body, profession="")
    pass_course(learner, course)
    text, _ = text_export(RecordFilter(body=body), "cebroker")
    assert csv_rows(text)[0][6:] == ["State=FL", ""]


def test_cebroker_xlsx_is_the_same_roster_with_a_real_date(board):
    _, body = board
    workbook, stats = binary_export(RecordFilter(body=body), "cebroker-xlsx")
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    assert len(rows) == 1 and stats == ExportStats(rows=1, skipped=1)
    values = [cell.value for cell in rows[0]]
    assert values[:5] == ["12345", "654321", None, None, "MA12345"]
    assert values[5] == datetime(2026, 3, 7)
    assert rows[0][5].number_format == "m/d/yyyy"
    assert values[6:] == ["State=FL", "Profession=LMT"]


def test_plain_xlsx_has_the_csv_columns(board):
    _, body = board
    workbook, stats = binary_export(RecordFilter(body=body), "xlsx")
    header, first, _second = workbook.active.iter_rows(values_only=True)
    assert header == CSV_HEADER and stats.rows == 2
    assert first[0] == "Lee Learner" and first[9] == datetime(2026, 3, 7)
    assert first[10] == 1.5 and first[11] == 1.5 and first[13] == 100


# --- xAPI and Open Badges -----------------------------------------------------------------


def test_xapi_export_is_an_array_of_valid_statements(board):
    _, body = board
    text, stats = text_export(RecordFilter(body=body), "xapi")
    statements = json.loads(text)
    assert stats.rows == 2 and len(statements) == 4
    for statement in statements:
        BaseXapiStatement.model_validate(statement)
    verbs = [s["verb"]["display"]["en-US"] for s in statements]
    assert verbs == ["completed", "passed", "completed", "passed"]
    assert len({s["id"] for s in statements}) == 4


def test_xapi_export_of_nothing_is_an_empty_array(catalog):
    body = CertifyingBody.objects.create(name="Empty", code="EMPTY", credits_per_hour="1")
    text, stats = text_export(RecordFilter(body=body), "xapi")
    assert json.loads(text) == [] and stats.rows == 0


def test_badges_export_holds_a_valid_credential_per_certificate(board):
    _, body = board
    text, stats = text_export(RecordFilter(body=body), "badges")
    document = json.loads(text)
    assert list(document) == ["credentials"] and stats.rows == 2
    codes = sorted(c.code for c in Certificate.objects.all())
    assert sorted(c["id"].rstrip("/").rsplit("/", 1)[1] for c in document["credentials"]) == codes
    for credential in document["credentials"]:
        assert schema_errors(credential) == []
        assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]


# --- What is in an export -------------------------------------------------------------


def test_only_approvals_valid_on_the_completion_date_produce_records(catalog, learner):
    course = make_course(catalog, lessons=1)
    approve(course, code="CURRENT")
    approve(course, code="LAPSED", valid_until=date.today() - timedelta(days=1))
    approve(course, code="FUTURE", valid_from=date.today() + timedelta(days=1))
    pass_course(learner, course)
    for code, expected in (("CURRENT", 1), ("LAPSED", 0), ("FUTURE", 0)):
        body = CertifyingBody.objects.get(code=code)
        text, stats = text_export(RecordFilter(body=body), "csv")
        assert stats.rows == expected == len(csv_rows(text)) - 1, code


def test_a_record_stays_exportable_after_its_approval_lapses(catalog, learner):
    course = make_course(catalog, lessons=1)
    approval = approve(course, code="CURRENT")
    pass_course(learner, course)
    approval.valid_until = date.today() - timedelta(days=1)
    approval.save()
    _, stats = text_export(RecordFilter(body=approval.body), "csv")
    assert stats.rows == 1


def test_filters_by_dates_module_and_status(catalog, learner, make_user):
    first, body = state_board_course(catalog)
    second = make_course(catalog, lessons=1)
    approve(second, code=body.code)
    pass_course(learner, first)
    pass_course(learner, second)
    CompletionRecord.objects.filter(course=first).update(completed_on=date(2026, 1, 10))
    CompletionRecord.objects.filter(course=second).update(completed_on=date(2026, 2, 20))

    def codes(**filters):
        text, _ = text_export(RecordFilter(body=body, **filters), "csv")
        return sorted(row[5] for row in csv_rows(text)[1:])

    assert codes() == sorted([first.code, second.code])
    assert codes(since=date(2026, 2, 1)) == [second.code]
    assert codes(until=date(2026, 2, 1)) == [first.code]
    assert codes(since=date(2026, 1, 10), until=date(2026, 1, 10)) == [first.code]
    assert codes(module=second.code) == [second.code]

    admin = make_user(is_staff=True)
    revoke_certificate(Certificate.objects.get(course=first), reason="Fraud", user=admin)
    reissue_certificate(Certificate.objects.get(course=second), user=admin, reason="Name")
    assert codes() == [second.code]  # the reissued certificate
    assert codes(statuses=("revoked",)) == [first.code]
    assert codes(statuses=("superseded",)) == [second.code]
    assert len(codes(statuses=exports.STATUS_CHOICES["all"])) == 3


def test_another_bodys_records_are_never_exported(board, catalog, make_user):
    _, body = board
    other_course, other = state_board_course(catalog, code="TX-MT")
    pass_course(make_user(), other_course)
    text, stats = text_export(RecordFilter(body=other), "csv")
    assert stats.rows == 1 and "lee@example.com" not in text and "MA12345" not in text


# --- Streaming ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "cebroker", "xapi", "badges"])
def test_exports_stream_in_chunks_without_reading_every_record_first(board, fmt):
    _, body = board
    total = 300
    add_records(body, total - 2)
    LearnerCredential.objects.bulk_create(
        LearnerCredential(
            learner_id=r.learner_id, body=body, credential_number=f"N{r.pk}", licence_state="FL"
        )
        for r in CompletionRecord.objects.filter(body=body).exclude(learner__credentials__body=body)
    )
    stats = ExportStats()
    chunks = iter_export(RecordFilter(body=body), fmt, stats, chunk_chars=1024)
    first = next(chunks)
    # The first chunk left the generator after a few records, not after all of them.
    assert 0 < stats.rows < total / 4
    rest = list(chunks)
    assert stats.rows == total
    sizes = [len(first), *(len(chunk) for chunk in rest)]
    assert len(sizes) > 10 and max(sizes) < sum(sizes) / 5


def test_records_are_read_with_a_database_iterator(board, monkeypatch):
    _, body = board
    seen = {}
    real = completions.completion_records

    def spy(flt, **kwargs):
        queryset = real(flt, **kwargs)

        class Spy(type(queryset)):
            def iterator(self, chunk_size=None):
                seen["chunk_size"] = chunk_size
                return super().iterator(chunk_size=chunk_size)

        queryset.__class__ = Spy
        return queryset

    monkeypatch.setattr(completions, "completion_records", spy)
    text_export(RecordFilter(body=body), "csv")
    assert seen == {"chunk_size": 2000}


def test_unknown_format_is_refused(board):
    _, body = board
    with pytest.raises(exports.UnknownFormat, match="csv, xlsx"):
        write_export(RecordFilter(body=body), "pdf", io.StringIO())


def test_file_names_say_what_is_inside(board):
    _, body = board
    flt = RecordFilter(body=body, since=date(2026, 1, 1), until=date(2026, 3, 31))
    assert exports.FORMATS["cebroker-xlsx"].filename(flt) == (
        "completions-FL-MT-from-2026-01-01-to-2026-03-31-cebroker.xlsx"
    )
    assert re.fullmatch(
        r"completions-FL-MT\.csv", exports.FORMATS["csv"].filename(RecordFilter(body=body))
    )
