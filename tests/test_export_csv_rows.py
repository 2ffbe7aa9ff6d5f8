"""The CSV export's fast rows give the cells of the shared definition, cell for cell."""

from datetime import date
from decimal import Decimal

from django.test import override_settings

from certificates.issuing import revoke_certificate
from certificates.models import Certificate
from core.spreadsheets import safe_cell
from records.completions import (
    RecordFilter,
    decimal_text,
    iter_records,
    record_row,
    verification_urls,
)
from records.csv_rows import CellCache, csv_record_rows
from records.exports import ExportStats
from records.models import CompletionRecord
from tests.certs import pass_course
from tests.test_exports import licensed, state_board_course


def reference_rows(flt):
    """The CSV cells as every other format defines them: `record_row` through `safe_cell`."""
    return [tuple(safe_cell(value) for value in record_row(record)) for record in iter_records(flt)]


def test_fast_rows_equal_the_reference_cells_for_awkward_values(catalog, make_user):
    course, body = state_board_course(catalog)
    people = [
        make_user(first_name="=HYPERLINK(1)", last_name="-Evil", email="+plus@example.com"),
        make_user(first_name="Zoë", last_name="Ünal"),
        make_user(first_name="Plain", last_name="Person"),
        make_user(first_name="Fourth", last_name="Learner"),
    ]
    licensed(people[0], body, number="-123", state="@F", profession="=LMT")
    licensed(people[1], body, number="MA1", state="FL", profession="")
    for person in people:
        pass_course(person, course)
    records = list(CompletionRecord.objects.filter(body=body).order_by("id"))
    # Values no real record has, to reach every branch: negative and zero decimals, a
    # number past two places' worth of zeros, absent seat time, an expiry date, a
    # status other than valid, a code a URL must escape.
    CompletionRecord.objects.filter(pk=records[0].pk).update(
        credits=Decimal("-1.50"), active_minutes=None, provider_number="-50"
    )
    CompletionRecord.objects.filter(pk=records[1].pk).update(
        credits=Decimal("0.00"), active_minutes=7, approval_number="=20"
    )
    CompletionRecord.objects.filter(pk=records[2].pk).update(
        credits=Decimal("100.00"), credit_unit="+CE"
    )
    Certificate.objects.filter(pk=records[1].certificate_id).update(valid_until=date(2028, 1, 31))
    revoke_certificate(records[1].certificate, reason="Test", user=None)
    Certificate.objects.filter(pk=records[3].certificate_id).update(code="AB CD é")
    flt = RecordFilter(body=body, statuses=("valid", "revoked"))

    stats = ExportStats()
    rows = list(csv_record_rows(flt, stats))

    assert rows == reference_rows(flt)
    assert stats.rows == len(rows) == 4
    assert rows[0][:5] == (
        "'=HYPERLINK(1) -Evil",
        "'+plus@example.com",
        "'-123",
        "'@F",
        "'=LMT",
    )
    assert rows[0][11] == "'-1.5" and rows[1][11] == "0" and rows[2][11] == "100"
    assert rows[1][17:] == ("7", "2028-01-31") and rows[0][17] == ""
    assert rows[3][15].endswith("/certificates/AB%20CD%20%C3%A9/")


@override_settings(WAGTAILADMIN_BASE_URL="=cmd|' /C calc'!A0")
def test_a_verification_url_cell_is_safe_whatever_the_base_url():
    cell = verification_urls(cells=True)
    assert cell("7KQ2-M9XD-4HTR-B3W8") == "'=cmd|' /C calc'!A0/certificates/7KQ2-M9XD-4HTR-B3W8/"
    assert verification_urls()("7KQ2") == "=cmd|' /C calc'!A0/certificates/7KQ2/"


def test_cell_cache_never_mixes_up_values_a_dict_takes_for_equal():
    decimals = CellCache(lambda value: safe_cell(decimal_text(value)), lambda v: v != 0)
    assert [decimals[v] for v in (Decimal("0"), Decimal("-0"), Decimal("1.50"), 1.5)] == [
        "0",
        "'-0",
        "1.5",
        "1.5",
    ]
    texts = CellCache(safe_cell, lambda value: value is None or type(value) is str)
    assert [texts[v] for v in (1, 1.0, True, "1", None)] == ["1", "1.0", "True", "1", ""]
