"""The XLSX exports, written by openpyxl in write-only mode (rows go to a temporary file
until the workbook is saved, so memory stays flat)."""

from collections.abc import Callable
from decimal import Decimal

from core.spreadsheets import safe_cell

from .cebroker import cebroker_rows
from .completions import RECORD_FIELDS, iter_records, record_row, verification_urls


def _xlsx_text_cleaner() -> Callable[[object], str]:
    """safe_cell, less the control characters an XLSX file cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    strip = ILLEGAL_CHARACTERS_RE.sub
    return lambda value: strip("", safe_cell(value))


def _save_workbook(out, title: str, header, make_rows: Callable) -> None:
    """Write-only workbook: `make_rows(sheet)` yields the rows after the optional header."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    if header:
        sheet.append(list(header))
    for row in make_rows(sheet):
        sheet.append(row)
    workbook.save(out)


def _date_cell(sheet, day, number_format):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=day)
    cell.number_format = number_format
    return cell


def write_xlsx(flt, out, stats) -> None:
    """The CSV columns as a spreadsheet: dates as dates, decimals as numbers."""
    numeric = {
        RECORD_FIELDS.index(name)
        for name in ("contact_hours", "credits", "score_percent", "active_minutes")
    }
    date_column = RECORD_FIELDS.index("completion_date")
    until_column = RECORD_FIELDS.index("valid_until")
    text = _xlsx_text_cleaner()

    def rows(sheet):
        url = verification_urls()
        for record in iter_records(flt):
            stats.rows += 1
            row = [
                (None if value is None else Decimal(value)) if index in numeric else text(value)
                for index, value in enumerate(record_row(record, url=url))
            ]
            row[date_column] = _date_cell(sheet, record["completed_on"], "yyyy-mm-dd")
            if record.get("valid_until"):
                row[until_column] = _date_cell(sheet, record["valid_until"], "yyyy-mm-dd")
            yield row

    _save_workbook(out, "Completions", RECORD_FIELDS, rows)


def write_cebroker_xlsx(flt, out, stats) -> None:
    text = _xlsx_text_cleaner()

    def rows(sheet):
        for row in cebroker_rows(flt, stats):
            cells = [text(cell) for cell in row]
            cells[5] = _date_cell(sheet, row[5], "m/d/yyyy")
            yield cells

    _save_workbook(out, "Roster", None, rows)
