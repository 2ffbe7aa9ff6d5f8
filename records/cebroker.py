"""The CE Broker roster: rows for the `cebroker` and `cebroker-xlsx` exports.

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

from collections.abc import Iterator

from django.db.models import Q

from .completions import RecordFilter, completion_records, iter_records

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


def strip_prefix(value: str | None, prefix: str) -> str:
    text = (value or "").strip()
    return text[len(prefix) :].strip() if text.startswith(prefix) else text


def us_date(day) -> str:
    """m/d/yyyy without leading zeros, e.g. 3/7/2026."""
    return f"{day.month}/{day.day}/{day.year}"


def cebroker_rows(flt: RecordFilter, stats) -> Iterator[tuple]:
    """CE Broker roster rows (columns A-H, F a date); counts what it must leave out."""
    for record in iter_records(flt):
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


def cebroker_unreportable(flt: RecordFilter) -> int:
    """How many of the records a CE Broker roster must leave out (no licence or state)."""
    missing = (
        Q(credential_number__isnull=True)
        | Q(credential_number="")
        | Q(licence_state__isnull=True)
        | Q(licence_state="")
    )
    return completion_records(flt).filter(missing).count()
