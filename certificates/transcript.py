"""A learner's transcript: credits earned from their certificates, by body and date."""

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.forms import DateRangeForm
from core.spreadsheets import safe_cell

from .models import Certificate


class TranscriptFilterForm(DateRangeForm):
    """The period of a learner's transcript."""


@dataclass(frozen=True)
class TranscriptRow:
    completed_on: date
    course_code: str
    course_title: str
    contact_hours: Decimal
    certificate_code: str
    body_code: str
    body_name: str
    approval_number: str
    credits: Decimal
    credit_unit: str


@dataclass(frozen=True)
class Transcript:
    rows: list[TranscriptRow]
    certificates: list[Certificate]
    since: date | None
    until: date | None

    @property
    def total_hours(self):
        return sum((Decimal(c.snapshot["contact_hours"]) for c in self.certificates), Decimal(0))

    @property
    def totals_by_body(self):
        totals = {}
        for row in self.rows:
            key = (row.body_code, row.body_name, row.credit_unit)
            totals[key] = totals.get(key, Decimal(0)) + row.credits
        return [
            {"body_code": code, "body_name": name, "credit_unit": unit, "credits": credits}
            for (code, name, unit), credits in sorted(totals.items())
        ]


def build_transcript(learner, *, since=None, until=None) -> Transcript:
    """Credits from the learner's valid certificates (expired ones still count)."""
    certificates = Certificate.objects.filter(learner=learner, status=Certificate.Status.VALID)
    if since:
        certificates = certificates.filter(completed_on__gte=since)
    if until:
        certificates = certificates.filter(completed_on__lte=until)
    certificates = list(certificates.order_by("completed_on", "code"))
    rows = [
        TranscriptRow(
            completed_on=certificate.completed_on,
            course_code=certificate.snapshot["course_code"],
            course_title=certificate.snapshot["course_title"],
            contact_hours=Decimal(certificate.snapshot["contact_hours"]),
            certificate_code=certificate.code,
            body_code=approval["body_code"],
            body_name=approval["body_name"],
            approval_number=approval["approval_number"],
            credits=Decimal(approval["credits"]),
            credit_unit=approval["credit_unit"],
        )
        for certificate in certificates
        for approval in certificate.snapshot["approvals"]
    ]
    return Transcript(rows=rows, certificates=certificates, since=since, until=until)


TRANSCRIPT_COLUMNS = [
    "completion_date",
    "course_code",
    "course_title",
    "contact_hours",
    "certifying_body",
    "approval_number",
    "credits",
    "credit_unit",
    "certificate_code",
]


def write_transcript_csv(transcript: Transcript, out):
    writer = csv.writer(out)
    writer.writerow(TRANSCRIPT_COLUMNS)
    for row in transcript.rows:
        writer.writerow(
            [
                row.completed_on.isoformat(),
                safe_cell(row.course_code),
                safe_cell(row.course_title),
                f"{row.contact_hours.normalize():f}",
                row.body_code,
                row.approval_number,
                f"{row.credits.normalize():f}",
                row.credit_unit,
                row.certificate_code,
            ]
        )
