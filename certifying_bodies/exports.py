"""Completion-record exports for certifying bodies: one query, several formats, streamed.

Every format reads the rows of `records.completion_records(flt)` through
`.iterator(chunk_size=2000)` and turns each row into output as it goes, so memory stays
flat however many records a body has. Text formats are generators of `str` chunks of about
`CHUNK_CHARS` characters (an HTTP response streams them; the command writes them to a
file); the XLSX formats are written by openpyxl in write-only mode, which keeps its rows in
a temporary file until the workbook is saved.

| format          | what                                                          | file         |
|-----------------|---------------------------------------------------------------|--------------|
| `csv`           | UTF-8 CSV, header row, the columns of `COLUMNS`               | .csv         |
| `xlsx`          | the same columns as a spreadsheet                             | .xlsx        |
| `jsonl`         | JSON Lines: one object per record with the keys of `COLUMNS`  | .jsonl       |
| `cebroker`      | CE Broker roster (columns A-H below), CSV                     | .csv         |
| `cebroker-xlsx` | CE Broker roster, spreadsheet                                 | .xlsx        |
| `xapi`          | JSON array of xAPI 1.0.3 statements, two per record           | .json        |
| `badges`        | `{"credentials": [...]}`: an OpenBadgeCredential per record   | .json        |

Values. Dates are ISO 8601 (YYYY-MM-DD) except in the CE Broker roster. Decimal numbers
(contact hours, credits, score) are written without trailing zeros ("1.5", "100"); in JSON
Lines they are JSON *strings* holding those same exact decimals, never floats, and an
absent value (no credential number, say) is JSON `null` where the CSV has an empty cell.
Every text cell of a CSV or XLSX file goes through `cec_site.spreadsheets.safe_cell`, so a
value starting with = + - @ cannot run as a formula.

CE Broker roster layout
-----------------------
CE Broker (the tracking system of many US state boards, e.g. Florida's) takes course
completions as a roster file uploaded on the course's "Manage Roster" page. Its help
centre documents the columns of that file in "Creating Excel Files (Full Course Credit)"
(help.cebroker.com/hc/en-us/articles/15226514662548) and "Creating Excel Files (Partial
Course Credit)" (.../15226532103572); the older FDOH/CE Broker manual "How to Report
Course Completion Credits" (rev. 1.85) calls the same layout the "Simplified Excel File,
columns A-H"; "XML Parent and Child Providers" (.../15226514516244) says provider tracking
numbers begin with 50- and course tracking numbers with 20-. The columns, by position:

    A  our provider tracking number without the leading "50-"
    B  the course tracking number without the leading "20-" (our approval number)
    C  the provider's own course ID: left empty, CE Broker wants B or C and B is given
    D  a CE Broker publishing number: left empty ("blank for most providers")
    E  the licensee's licence number
    F  the date completed, m/d/yyyy without leading zeros (e.g. 12/3/2008)
    G  the licence state as "State=XX" (e.g. State=FL)
    H  the profession code as "Profession=CODE" (e.g. Profession=LMT)

Assumptions, since the documentation shows samples rather than a specification:
- There is no header row: CE Broker reads the columns by position from the first row and
  the instructions name no heading row, so a heading would be read as a licensee.
- There are no name columns. The documented layout has none (CE Broker finds the licensee
  by licence number and state, and shows the name from the board's licence database);
  adding columns would shift E-H. So records.py needs no first/last-name fields.
- A is the record's provider number and B its approval number, both as the body issued
  them and frozen at issue; "50-" and "20-" are stripped when present.
- A record without a licence number or licence state cannot be matched to a licensee; it
  is left out and counted in `ExportStats.skipped` (the command prints the count, the admin
  report shows it). A record without a profession code is written with H empty.
- In the XLSX roster F is a real date cell with the number format m/d/yyyy (CE Broker asks
  for "the Excel date format"); A, B and E are text cells so leading zeros survive. The CSV
  roster has the same cells as text, for providers who convert or paste it.
- CE Broker gives full credit when no hours are given, so the partial-credit columns
  (I subject code, J hours) are never written: a certificate means the module was passed.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.conf import settings

from wagtail.log_actions import log

from cec_site.spreadsheets import EXCEL_BOM, safe_cell

from .records import (
    RECORD_COLUMNS,
    RECORD_FIELDS,
    STATUSES,
    RecordFilter,
    completion_records,
    public_record,
)
from .xapi import completion_statements

DB_CHUNK = 2000  # rows fetched from the database at a time
CHUNK_CHARS = 64 * 1024  # about this many characters per yielded text chunk

# The columns of the CSV, XLSX and JSON Lines exports: the fields every body receives.
COLUMNS = RECORD_COLUMNS
CSV_HEADER = RECORD_FIELDS

CEBROKER_COLUMNS = (
    ("A", "Provider tracking number without the leading 50-."),
    ("B", "Course tracking number (our approval number) without the leading 20-."),
    ("C", "Provider's own course ID: empty, because B is given."),
    ("D", "CE Broker publishing number: empty."),
    ("E", "The licensee's licence number."),
    ("F", "Date completed, m/d/yyyy without leading zeros."),
    ("G", "Licence state as State=XX."),
    ("H", "Profession code as Profession=CODE (empty when unknown)."),
)

# --status value (command) or status choice (admin) -> the certificate statuses included
STATUS_CHOICES = {
    "valid": ("valid",),
    "revoked": ("revoked",),
    "superseded": ("superseded",),
    "all": STATUSES,
}

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ExportStats:
    """What an export wrote: `rows` records out, `skipped` records left out (CE Broker)."""

    rows: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    content_type: str
    suffix: str  # the end of the download's file name
    binary: bool  # True: written to a binary file; False: a generator of text chunks
    make: Callable

    def filename(self, flt: RecordFilter) -> str:
        parts = ["completions", flt.body.code]
        if flt.module:
            parts.append(flt.module)
        if flt.since:
            parts.append(f"from-{flt.since.isoformat()}")
        if flt.until:
            parts.append(f"to-{flt.until.isoformat()}")
        return "-".join(parts) + self.suffix


class UnknownFormat(ValueError):
    pass


# --- Rows -----------------------------------------------------------------------------


def _records(flt: RecordFilter) -> Iterator[dict]:
    return completion_records(flt).iterator(chunk_size=DB_CHUNK)


def record_row(record: dict) -> list:
    """The values of one record in `COLUMNS` order: text, or None when absent."""
    return list(public_record(record).values())


def strip_prefix(value: str | None, prefix: str) -> str:
    text = (value or "").strip()
    return text[len(prefix) :].strip() if text.startswith(prefix) else text


def us_date(day) -> str:
    """m/d/yyyy without leading zeros, e.g. 3/7/2026."""
    return f"{day.month}/{day.day}/{day.year}"


def cebroker_rows(flt: RecordFilter, stats: ExportStats) -> Iterator[tuple]:
    """CE Broker roster rows (columns A-H, F a date); counts what it must leave out."""
    for record in _records(flt):
        licence = (record["credential_number"] or "").strip()
        state = (record["licence_state"] or "").strip()
        if not licence or not state:
            stats.skipped += 1
            continue
        stats.rows += 1
        profession = (record["profession"] or "").strip()
        yield (
            strip_prefix(record["provider_number"], "50-"),
            strip_prefix(record["approval_number"], "20-"),
            "",
            "",
            licence,
            record["completed_on"],
            f"State={state}",
            f"Profession={profession}" if profession else "",
        )


# --- Text formats ---------------------------------------------------------------------


def _buffered(pieces: Iterable[str], chunk_chars: int) -> Iterator[str]:
    """Join small pieces into chunks of about `chunk_chars` characters."""
    parts, size = [], 0
    for piece in pieces:
        parts.append(piece)
        size += len(piece)
        if size >= chunk_chars:
            yield "".join(parts)
            parts, size = [], 0
    if parts:
        yield "".join(parts)


def _csv_chunks(header, rows: Iterable[list], chunk_chars: int) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= chunk_chars:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def csv_chunks(flt, stats, chunk_chars=CHUNK_CHARS):
    def rows():
        for record in _records(flt):
            stats.rows += 1
            yield [safe_cell(value) for value in record_row(record)]

    return _csv_chunks(CSV_HEADER, rows(), chunk_chars)


def excel_csv_chunks(flt, stats, chunk_chars=CHUNK_CHARS):
    """The CSV behind a UTF-8 byte order mark, so Excel shows accented names right."""
    yield EXCEL_BOM
    yield from csv_chunks(flt, stats, chunk_chars)


def jsonl_chunks(flt, stats, chunk_chars=CHUNK_CHARS):
    def lines():
        for record in _records(flt):
            stats.rows += 1
            yield json.dumps(dict(zip(CSV_HEADER, record_row(record), strict=True))) + "\n"

    return _buffered(lines(), chunk_chars)


def cebroker_csv_chunks(flt, stats, chunk_chars=CHUNK_CHARS):
    def rows():
        for row in cebroker_rows(flt, stats):
            cells = list(row)
            cells[5] = us_date(cells[5])
            yield [safe_cell(cell) for cell in cells]

    return _csv_chunks(None, rows(), chunk_chars)


def xapi_chunks(flt, stats, chunk_chars=CHUNK_CHARS):
    def pieces():
        yield "["
        separator = "\n"
        for record in _records(flt):
            stats.rows += 1
            for statement in completion_statements(record):
                yield separator + json.dumps(statement)
                separator = ",\n"
        yield "\n]\n"

    return _buffered(pieces(), chunk_chars)


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def badges_chunks(flt, stats, chunk_chars=CHUNK_CHARS):
    """{"credentials": [...]}: each certificate's OpenBadgeCredential, unsigned.

    Certificates are fetched by id, DB_CHUNK at a time, from the ids the records carry.
    """

    def pieces():
        from certificates.models import Certificate
        from certificates.openbadges import build_credential  # still being finished

        base_url = settings.WAGTAILADMIN_BASE_URL
        yield '{"credentials": ['
        separator = "\n"
        ids = (record["certificate_id"] for record in _records(flt))
        for batch in _batches(ids, DB_CHUNK):
            certificates = Certificate.objects.select_related(
                "course", "attempt", "superseded_by"
            ).in_bulk(batch)
            for certificate_id in batch:
                stats.rows += 1
                credential = build_credential(certificates[certificate_id], base_url=base_url)
                yield separator + json.dumps(credential)
                separator = ",\n"
        yield "\n]}\n"

    return _buffered(pieces(), chunk_chars)


# --- Spreadsheets ---------------------------------------------------------------------


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
    numeric = {CSV_HEADER.index(name) for name in ("contact_hours", "credits", "score_percent")}
    date_column = CSV_HEADER.index("completion_date")
    text = _xlsx_text_cleaner()

    def rows(sheet):
        for record in _records(flt):
            stats.rows += 1
            row = [
                (None if value is None else Decimal(value)) if index in numeric else text(value)
                for index, value in enumerate(record_row(record))
            ]
            row[date_column] = _date_cell(sheet, record["completed_on"], "yyyy-mm-dd")
            yield row

    _save_workbook(out, "Completions", CSV_HEADER, rows)


def write_cebroker_xlsx(flt, out, stats) -> None:
    text = _xlsx_text_cleaner()

    def rows(sheet):
        for row in cebroker_rows(flt, stats):
            cells = [text(cell) for cell in row]
            cells[5] = _date_cell(sheet, row[5], "m/d/yyyy")
            yield cells

    _save_workbook(out, "Roster", None, rows)


# --- Registry and entry points --------------------------------------------------------

FORMATS = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("csv", "CSV", "text/csv; charset=utf-8", ".csv", False, csv_chunks),
        ExportFormat("xlsx", "XLSX", XLSX_TYPE, ".xlsx", True, write_xlsx),
        ExportFormat(
            "cebroker",
            "CE Broker CSV",
            "text/csv; charset=utf-8",
            "-cebroker.csv",
            False,
            cebroker_csv_chunks,
        ),
        ExportFormat(
            "cebroker-xlsx",
            "CE Broker XLSX",
            XLSX_TYPE,
            "-cebroker.xlsx",
            True,
            write_cebroker_xlsx,
        ),
        ExportFormat(
            "jsonl",
            "JSON Lines",
            "application/jsonl; charset=utf-8",
            ".jsonl",
            False,
            jsonl_chunks,
        ),
        ExportFormat(
            "xapi", "xAPI statements", "application/json", "-xapi.json", False, xapi_chunks
        ),
        ExportFormat(
            "badges",
            "Open Badges 3.0",
            "application/json",
            "-badges.json",
            False,
            badges_chunks,
        ),
        ExportFormat(
            "csv-excel",
            "CSV for Excel",
            "text/csv; charset=utf-8",
            "-excel.csv",
            False,
            excel_csv_chunks,
        ),
    )
}


def get_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(
            f"Unknown format {name!r}; choose one of: {', '.join(FORMATS)}."
        ) from None


def iter_export(
    flt: RecordFilter, fmt: str, stats: ExportStats | None = None, *, chunk_chars: int = CHUNK_CHARS
) -> Iterator[str]:
    """Text chunks of a text format; `stats` fills in as the chunks are consumed."""
    export = get_format(fmt)
    if export.binary:
        raise UnknownFormat(f"{fmt} is a binary format: use write_export with a binary file.")
    return export.make(flt, stats if stats is not None else ExportStats(), chunk_chars)


def write_export(flt: RecordFilter, fmt: str, out) -> ExportStats:
    """Write the export to `out`: a text file for text formats, a binary one for XLSX."""
    export = get_format(fmt)
    stats = ExportStats()
    if export.binary:
        export.make(flt, out, stats)
    else:
        write = out.write
        for chunk in export.make(flt, stats, CHUNK_CHARS):
            write(chunk)
    return stats


# --- Audit ----------------------------------------------------------------------------


def log_export(
    flt: RecordFilter,
    fmt: str,
    stats: ExportStats,
    *,
    user=None,
    source: str,
    complete: bool = True,
) -> None:
    """One "cec.export" entry in the body's history: who exported what, and how much."""
    log(
        flt.body,
        "cec.export",
        user=user,
        data={
            "filters": flt.describe(),
            "format": fmt,
            "rows": stats.rows,
            "skipped": stats.skipped,
            "source": source,
            "complete": complete,
        },
    )


def logged_chunks(
    flt: RecordFilter, fmt: str, *, user=None, source: str, chunk_chars: int = CHUNK_CHARS
) -> Iterator[str]:
    """`iter_export`, logged once the last chunk is out (or the client went away).

    The count logged is the number of records actually streamed; `complete` is False
    when the download stopped early.
    """
    stats = ExportStats()
    complete = False
    try:
        yield from iter_export(flt, fmt, stats, chunk_chars=chunk_chars)
        complete = True
    finally:
        log_export(flt, fmt, stats, user=user, source=source, complete=complete)


def cebroker_unreportable(flt: RecordFilter) -> int:
    """How many of the records a CE Broker roster must leave out (no licence or state)."""
    from django.db.models import Q

    missing = (
        Q(credential_number__isnull=True)
        | Q(credential_number="")
        | Q(licence_state__isnull=True)
        | Q(licence_state="")
    )
    return completion_records(flt).filter(missing).count()
