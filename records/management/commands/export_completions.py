"""manage.py export_completions: a certifying body's completion records in one format.

    manage.py export_completions --body NCBTMB --since 2026-01-01 --until 2026-03-31 \\
        --format cebroker-xlsx --output roster.xlsx

Bad arguments exit with status 2 and write nothing. A file is written under a temporary
name in the same directory and renamed when complete, so a failed export never leaves a
partial file behind (the file is readable by its owner only: it holds personal data).
"""

import os
import tempfile
from datetime import date, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certifying_bodies.models import CertifyingBody, CourseApproval
from courses.models import CoursePage
from records.completions import RecordFilter
from records.exports import (
    FORMATS,
    STATUS_CHOICES,
    get_format,
    log_export,
    write_export,
)

BAD_ARGUMENTS = 2


def _fail(message):
    return CommandError(message, returncode=BAD_ARGUMENTS)


def _parse_date(value, option) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise _fail(
            f"{option} {value!r} is not a date: expected YYYY-MM-DD, e.g. 2026-03-31."
        ) from None


class _TextOut:
    """self.stdout without the newline Django's OutputWrapper adds to each write."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")


def records(count):
    return f"{count} record" if count == 1 else f"{count} records"


class Command(BaseCommand):
    help = (
        "Export a certifying body's completion records (csv, xlsx, jsonl, CE Broker roster, "
        "xAPI statements or Open Badges credentials) to a file or standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--body", required=True, metavar="CODE", help="the body's code")
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="completed on or after")
        parser.add_argument("--until", metavar="YYYY-MM-DD", help="completed on or before")
        parser.add_argument("--module", metavar="CODE", help="only this module (course code)")
        parser.add_argument(
            "--status",
            default="valid",
            metavar="|".join(STATUS_CHOICES),
            help="certificate status to include (default: valid)",
        )
        parser.add_argument(
            "--format", required=True, dest="fmt", metavar="|".join(FORMATS), help="output format"
        )
        parser.add_argument(
            "--output", metavar="FILE", help="write to FILE (default: standard output)"
        )

    def handle(self, *args, body, since, until, module, status, fmt, output, **options):
        flt = self.build_filter(body, since, until, module, status)
        if fmt not in FORMATS:
            raise _fail(f"--format {fmt!r} is not a format: choose one of {', '.join(FORMATS)}.")
        export = get_format(fmt)
        if output is None:
            if export.binary:
                raise _fail(
                    f"--format {fmt} writes a spreadsheet, which cannot go to standard "
                    "output: give --output FILE."
                )
            stats = write_export(flt, fmt, _TextOut(self.stdout))
            where = "standard output"
        else:
            stats = self.write_file(flt, export, Path(output))
            where = output
        log_export(flt, fmt, stats, source="command")
        self.stderr.write(f"Exported {records(stats.rows)} of {flt.body.code} ({fmt}) to {where}.")
        if stats.skipped:
            self.stderr.write(
                f"Left out {records(stats.skipped)} without a licence number or licence state: "
                "CE Broker cannot match them to a licensee."
            )

    def build_filter(self, code, since, until, module, status) -> RecordFilter:
        body = CertifyingBody.objects.filter(code=code.strip().upper()).first()
        if body is None:
            known = ", ".join(
                CertifyingBody.objects.order_by("code").values_list("code", flat=True)
            )
            raise _fail(f"Unknown certifying body {code!r}. Known codes: {known or 'none yet'}.")
        since_day = _parse_date(since, "--since")
        until_day = _parse_date(until, "--until")
        if since_day and until_day and until_day < since_day:
            raise _fail(f"--until {until_day} is before --since {since_day}.")
        if module and not CoursePage.objects.filter(code=module).exists():
            approved = sorted(
                set(CourseApproval.objects.filter(body=body).values_list("course__code", flat=True))
            )
            raise _fail(
                f"Unknown module code {module!r}. Modules approved by {body.code}: "
                f"{', '.join(approved) or 'none'}."
            )
        if status not in STATUS_CHOICES:
            raise _fail(f"--status {status!r}: choose one of {', '.join(STATUS_CHOICES)}.")
        return RecordFilter(
            body=body,
            since=since_day,
            until=until_day,
            module=module or None,
            statuses=STATUS_CHOICES[status],
        )

    def write_file(self, flt, export, path: Path):
        directory = path.parent if str(path.parent) else Path()
        if not directory.is_dir():
            raise _fail(f"--output {path}: the directory {directory} does not exist.")
        fd, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".part")
        try:
            if export.binary:
                with os.fdopen(fd, "wb") as out:
                    stats = write_export(flt, export.name, out)
            else:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                    stats = write_export(flt, export.name, out)
            os.replace(temp_name, path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return stats
