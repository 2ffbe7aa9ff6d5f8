"""Completion-record exports for certifying bodies: one query, several formats, streamed.

Every format reads the rows of `records.completions.iter_records(flt)` through
`.iterator(chunk_size=2000)` and turns each row into output as it goes, so memory stays
flat however many records a body has; the CSV reads the same query as tuples of just its
columns (`records/csv_rows.py`, for its speed target). Text formats are generators of
`str` chunks of about `CHUNK_CHARS` characters (an HTTP response streams them; the command
writes them to a file); the XLSX formats are written by openpyxl in write-only mode, which
keeps its rows in a temporary file until the workbook is saved.

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
Every text cell of a CSV or XLSX file goes through `core.spreadsheets.safe_cell`, so a
value starting with = + - @ cannot run as a formula.

The CE Broker roster layout and its assumptions are in `records/cebroker.py`; the XLSX
writers are in `records/xlsx.py`.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings

from wagtail.log_actions import log

from certificates.models import Certificate
from certificates.openbadges import build_credential
from core.spreadsheets import EXCEL_BOM, safe_cell

from .cebroker import cebroker_rows, us_date
from .completions import (
    DB_CHUNK,
    RECORD_COLUMNS,
    RECORD_FIELDS,
    STATUSES,
    RecordFilter,
    iter_records,
    record_row,
    verification_urls,
)
from .csv_rows import csv_record_rows
from .xapi import completion_statements
from .xlsx import write_cebroker_xlsx, write_xlsx

CHUNK_CHARS = 64 * 1024  # about this many characters per yielded text chunk

# The columns of the CSV, XLSX and JSON Lines exports: the fields every body receives.
COLUMNS = RECORD_COLUMNS
CSV_HEADER = RECORD_FIELDS

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
    return _csv_chunks(CSV_HEADER, csv_record_rows(flt, stats), chunk_chars)


def excel_csv_chunks(flt, stats, chunk_chars=CHUNK_CHARS):
    """The CSV behind a UTF-8 byte order mark, so Excel shows accented names right."""
    yield EXCEL_BOM
    yield from csv_chunks(flt, stats, chunk_chars)


def jsonl_chunks(flt, stats, chunk_chars=CHUNK_CHARS):
    def lines():
        url = verification_urls()
        for record in iter_records(flt):
            stats.rows += 1
            yield json.dumps(dict(zip(CSV_HEADER, record_row(record, url=url), strict=True))) + "\n"

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
        for record in iter_records(flt):
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
        base_url = settings.WAGTAILADMIN_BASE_URL
        yield '{"credentials": ['
        separator = "\n"
        ids = (record["certificate_id"] for record in iter_records(flt))
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
