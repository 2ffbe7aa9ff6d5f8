"""Completion records for certifying bodies: the one query every export and the API use."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import F, FilteredRelation, Q
from django.db.models.fields.json import KeyTextTransform

from certificates.models import verification_url
from certifying_bodies.credits import format_credits
from certifying_bodies.models import CertifyingBody
from core.spreadsheets import safe_cell

from .models import CompletionRecord

STATUSES = ("valid", "revoked", "superseded")

# What a body receives for each completion (CSV, XLSX, JSON Lines and the API), in order,
# and what each field means.
RECORD_COLUMNS = (
    ("learner_name", "The learner's name as printed on the certificate (frozen at issue)."),
    ("learner_email", "The learner's account e-mail address."),
    ("credential_number", "The learner's member, credential or licence number with this body."),
    ("licence_state", "For state boards: the licensing state, two capital letters."),
    ("profession", "For state boards: the profession code of the licence, e.g. LMT."),
    ("course_code", "Our module code."),
    ("course_title", "The module's title as printed on the certificate."),
    ("approval_number", "The body's approval number for the module, valid on completion."),
    ("provider_number", "Our provider number with this body at the time of issue."),
    ("completion_date", "The day the module was completed, YYYY-MM-DD."),
    ("contact_hours", "The module's contact hours, a decimal number."),
    ("credits", "Credits awarded in the body's unit, a decimal number."),
    ("credit_unit", "The body's name for its credits: CEC, CEU, CE..."),
    ("score_percent", "The score of the passing quiz attempt, percent, a decimal number."),
    ("certificate_code", "The certificate's verification code."),
    ("verification_url", "The public page where anyone can verify the certificate."),
    ("status", "The certificate's status now: valid, revoked or superseded."),
    (
        "active_minutes",
        "The learner's measured active time in the module (lessons and quiz), whole "
        "minutes; empty when it was not measured.",
    ),
    (
        "valid_until",
        "The last day the certificate is current, YYYY-MM-DD; empty when it does not expire.",
    ),
)
RECORD_FIELDS = tuple(name for name, _meaning in RECORD_COLUMNS)


@dataclass(frozen=True)
class RecordFilter:
    """What a caller asked for; validated before any query runs."""

    body: CertifyingBody
    since: date | None = None
    until: date | None = None
    module: str | None = None  # course code
    statuses: tuple[str, ...] = ("valid",)

    def describe(self) -> dict:
        return {
            "body": self.body.code,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "module": self.module,
            "statuses": list(self.statuses),
        }


def completion_records(flt: RecordFilter, *, after_id=None):
    """Rows (dicts) of the body's completion records, oldest first, in one query.

    `after_id` continues after a record id (cursor pagination for the API).
    """
    records = CompletionRecord.objects.filter(body=flt.body, certificate__status__in=flt.statuses)
    if flt.since:
        records = records.filter(completed_on__gte=flt.since)
    if flt.until:
        records = records.filter(completed_on__lte=flt.until)
    if flt.module:
        records = records.filter(course__code=flt.module)
    if after_id is not None:
        records = records.filter(id__gt=after_id)
    return (
        records.order_by("id")
        .annotate(
            # The learner's number with this body, if they gave one: a single LEFT JOIN.
            credential=FilteredRelation(
                "learner__credentials", condition=Q(learner__credentials__body=F("body"))
            ),
            learner_name=KeyTextTransform("learner_name", "certificate__snapshot"),
            course_title=KeyTextTransform("course_title", "certificate__snapshot"),
            contact_hours=KeyTextTransform("contact_hours", "certificate__snapshot"),
            learner_email=F("learner__email"),
            course_code=F("course__code"),
            certificate_code=F("certificate__code"),
            status=F("certificate__status"),
            score_percent=F("certificate__attempt__score_percent"),
            attempt_started_at=F("certificate__attempt__started_at"),
            attempt_submitted_at=F("certificate__attempt__submitted_at"),
            issued_at=F("certificate__issued_at"),
            valid_until=F("certificate__valid_until"),
            credential_number=F("credential__credential_number"),
            licence_state=F("credential__licence_state"),
            profession=F("credential__profession"),
        )
        .values(
            "id",
            "learner_name",
            "learner_email",
            "credential_number",
            "licence_state",
            "profession",
            "course_code",
            "course_title",
            "approval_number",
            "provider_number",
            "completed_on",
            "contact_hours",
            "credits",
            "credit_unit",
            "score_percent",
            "certificate_code",
            "status",
            "issued_at",
            "attempt_started_at",
            "attempt_submitted_at",
            "learner_id",
            "certificate_id",
            "active_minutes",
            "valid_until",
        )
    )


def decimal_text(value) -> str | None:
    return None if value is None or value == "" else format_credits(value)


def public_record(record: dict, *, url: Callable[[str], str] = verification_url) -> dict:
    """A row of `completion_records` as bodies receive it: the RECORD_FIELDS in order,
    dates ISO 8601, decimals as exact text ("1.5"), None where a value is absent.

    `url` makes a certificate code's verification URL (an export passes a faster one)."""
    return {
        "learner_name": record["learner_name"],
        "learner_email": record["learner_email"],
        "credential_number": record["credential_number"] or None,
        "licence_state": record["licence_state"] or None,
        "profession": record["profession"] or None,
        "course_code": record["course_code"],
        "course_title": record["course_title"],
        "approval_number": record["approval_number"],
        "provider_number": record["provider_number"] or None,
        "completion_date": record["completed_on"].isoformat(),
        "contact_hours": decimal_text(record["contact_hours"]),
        "credits": decimal_text(record["credits"]),
        "credit_unit": record["credit_unit"],
        "score_percent": decimal_text(record["score_percent"]),
        "certificate_code": record["certificate_code"],
        "verification_url": url(record["certificate_code"]),
        "status": record["status"],
        "active_minutes": record["active_minutes"],
        "valid_until": record["valid_until"].isoformat() if record.get("valid_until") else None,
    }


# A certificate code of ours (letters, digits, hyphens) needs no escaping in a URL path.
_PLAIN_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]*")


def verification_urls(*, cells: bool = False) -> Callable[[str], str]:
    """`verification_url` for a whole export: `reverse()` runs once, not once per record.

    With `cells`, each URL comes as a spreadsheet cell (through `safe_cell`). Call it where
    the export runs (inside its generator): the URL's prefix depends on the request."""
    marker = "CODE0MARKER"
    prefix, _, suffix = verification_url(marker).rpartition(marker)
    slow = verification_url
    if cells:
        prefix = safe_cell(prefix)  # a URL's first characters are its prefix's

        def slow(code: str) -> str:
            return safe_cell(verification_url(code))

    plain = _PLAIN_CODE.fullmatch

    def url(code: str) -> str:
        return prefix + code + suffix if plain(code) else slow(code)

    return url


DB_CHUNK = 2000  # rows fetched from the database at a time


def iter_records(flt: RecordFilter) -> Iterator[dict]:
    """The filter's records, fetched DB_CHUNK at a time so memory stays flat."""
    return completion_records(flt).iterator(chunk_size=DB_CHUNK)


def record_tuples(flt: RecordFilter, fields: tuple[str, ...], **annotations):
    """`completion_records` as tuples of just `fields`, which may name extra `annotations`:
    no dict per record, no unused columns. Iterate it DB_CHUNK rows at a time."""
    return completion_records(flt).annotate(**annotations).values_list(*fields)


def record_row(record: dict, *, url: Callable[[str], str] = verification_url) -> list:
    """The values of one record in `RECORD_COLUMNS` order: text, or None when absent."""
    return list(public_record(record, url=url).values())
