"""Reading the API's query parameters into a RecordFilter and a cursor; one page of rows."""

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date

from certifying_bodies.models import CourseApproval
from records.completions import (
    RECORD_FIELDS,
    STATUSES,
    RecordFilter,
    completion_records,
    public_record,
)

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")

FIELDS = RECORD_FIELDS  # one completion in the API, in CSV column order


class BadParameter(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class CompletionsQuery:
    filter: RecordFilter
    after_id: int | None
    limit: int


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    next_cursor: str | None


def encode_cursor(record_id: int) -> str:
    return base64.urlsafe_b64encode(f"r{record_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    # b64decode skips characters outside its alphabet; a cursor holding any is not ours.
    if not re.fullmatch(r"[A-Za-z0-9_-]+", cursor):
        raise BadParameter("cursor", "not a cursor this API returned.")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, ValueError):
        raise BadParameter("cursor", "not a cursor this API returned.") from None
    if not re.fullmatch(r"r\d{1,18}", raw):
        raise BadParameter("cursor", "not a cursor this API returned.")
    return int(raw[1:])


def parse_date(name, value) -> date | None:
    if not value:
        return None
    if not DATE_PATTERN.match(value):
        raise BadParameter(name, "use a date as YYYY-MM-DD.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, f"{value} is not a date.") from None


def parse_statuses(value) -> tuple[str, ...]:
    if not value:
        return ("valid",)
    statuses = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [status for status in statuses if status not in STATUSES]
    if unknown or not statuses:
        raise BadParameter("status", f"choose from {', '.join(STATUSES)} (comma-separated).")
    return statuses


def parse_completions_query(
    *, body, since=None, until=None, module=None, status=None, cursor=None, limit=None
) -> CompletionsQuery:
    """Validate the parameters of GET /completions; BadParameter names the first bad one."""
    since_day = parse_date("since", since)
    until_day = parse_date("until", until)
    if since_day and until_day and until_day < since_day:
        raise BadParameter("until", "must not be before since.")
    module = (module or "").strip() or None
    if module and not CourseApproval.objects.filter(body=body, course__code=module).exists():
        raise BadParameter("module", f"no module {module} is approved by {body.code}.")
    after_id = decode_cursor(cursor) if cursor else None
    if limit is None:
        limit = DEFAULT_LIMIT
    elif not 1 <= limit <= MAX_LIMIT:
        raise BadParameter("limit", f"must be between 1 and {MAX_LIMIT}.")
    return CompletionsQuery(
        filter=RecordFilter(
            body=body,
            since=since_day,
            until=until_day,
            module=module,
            statuses=parse_statuses(status),
        ),
        after_id=after_id,
        limit=limit,
    )


def completions_page(query: CompletionsQuery) -> Page:
    """One page in record-id order, and the cursor for the next when there is more.

    Keyset pagination on the record id: records written while a client pages through get
    higher ids, so they come at the end and nothing is skipped or repeated.
    """
    records = list(completion_records(query.filter, after_id=query.after_id)[: query.limit + 1])
    more = len(records) > query.limit
    records = records[: query.limit]
    next_cursor = encode_cursor(records[-1]["id"]) if more else None
    return Page(rows=[public_record(record) for record in records], next_cursor=next_cursor)
