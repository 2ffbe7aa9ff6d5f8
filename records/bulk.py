"""Certificate PDFs in bulk: one body's (or one module's) certificates for a date range as
ONE ZIP, streamed, with a manifest.

The ZIP is written by the standard library's `zipfile` into a sink that the generator
drains as it goes, so the response starts at once and memory stays flat however many
certificates there are:

- `zipfile` writes to any object with `write()`; on a non-seekable one it puts each
  member's sizes and CRC in a data descriptor after the member instead of seeking back.
  `_Sink` collects what it writes and `iter_zip` yields it every `CHUNK_BYTES` or so;
- each PDF is copied from storage in `CHUNK_BYTES` pieces (a missing one is rendered and
  stored first, `certificates.pdf.pdf_bytes`, which is what the public PDF link serves);
- a ZIP ends with a central directory listing every member. `zipfile` keeps a `ZipInfo`
  per member in memory for it; `_SpilledEntries` keeps them in a temporary file instead
  (pickled one by one, read back one by one when the directory is written), and
  `_Unindexed` drops the name index, which only serves duplicate-name warnings (names here
  are unique: they carry the certificate code);
- the manifest (`manifest.csv`, the last member) is written to a temporary file while the
  PDFs stream and copied in at the end;
- rows come from the database `DB_CHUNK` at a time.

ZIP64 is on, so an archive over 4 GB or 65,535 members is still valid. Members are
deflated (the manifest shrinks; PDFs, already compressed inside, barely change).

Who may download what is decided by the admin view (`records.bulk_admin`): exactly the
completion report's scope (`records.staff.bodies_visible_to`).
"""

import csv
import pickle
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.core.files.storage import default_storage
from django.utils.text import slugify

from wagtail.log_actions import log

from certificates import pdf
from certificates.models import Certificate
from certifying_bodies.credits import format_credits
from certifying_bodies.models import CertifyingBody
from core.spreadsheets import safe_cell
from courses.models import CoursePage

from .models import CompletionRecord

CHUNK_BYTES = 64 * 1024
SPILL_BYTES = 2 * CHUNK_BYTES  # more than this between two drains goes to a temporary file
DB_CHUNK = 100  # rows (record + certificate with its snapshot) held at a time
FORMAT = "pdf-zip"
MANIFEST_NAME = "manifest.csv"
MANIFEST_HEADER = (
    "certificate_code",
    "learner_name",
    "course_code",
    "completion_date",
    "credits",
    "status",
    "file_name",
)


@dataclass(frozen=True)
class BulkSelection:
    """Which certificates: those a body received (optionally one module's), or, for people
    who see every body, every certificate of one module; completed within the dates."""

    body: CertifyingBody | None = None
    module: str | None = None  # course code
    since: date | None = None
    until: date | None = None
    statuses: tuple[str, ...] = ("valid",)
    size: str = pdf.DEFAULT_SIZE

    def __post_init__(self):
        if self.body is None and not self.module:
            raise ValueError("Choose a certifying body or a module.")
        pdf.check_size(self.size)

    def describe(self) -> dict:
        return {
            "body": self.body.code if self.body else None,
            "module": self.module,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "statuses": list(self.statuses),
            "size": self.size,
        }

    def filename(self) -> str:
        parts = ["certificates"]
        if self.body:
            parts.append(self.body.code)
        if self.module:
            parts.append(self.module)
        if self.since or self.until:
            parts.append(
                f"{self.since.isoformat() if self.since else 'start'}"
                f"-to-{self.until.isoformat() if self.until else 'today'}"
            )
        return "_".join(parts) + ".zip"

    def items(self) -> Iterator[tuple[Certificate, str]]:
        """(certificate, credits as printed in the manifest), oldest first, streamed."""
        if self.body is not None:
            records = CompletionRecord.objects.filter(
                body=self.body, certificate__status__in=self.statuses
            )
            if self.since:
                records = records.filter(completed_on__gte=self.since)
            if self.until:
                records = records.filter(completed_on__lte=self.until)
            if self.module:
                records = records.filter(course__code=self.module)
            records = records.select_related("certificate").order_by("id")
            for record in records.iterator(chunk_size=DB_CHUNK):
                credits = f"{format_credits(record.credits)} {record.credit_unit}"
                yield record.certificate, credits
            return
        certificates = Certificate.objects.filter(
            course__code=self.module, status__in=self.statuses
        )
        if self.since:
            certificates = certificates.filter(completed_on__gte=self.since)
        if self.until:
            certificates = certificates.filter(completed_on__lte=self.until)
        for certificate in certificates.order_by("id").iterator(chunk_size=DB_CHUNK):
            yield certificate, _all_credits(certificate.snapshot)

    def count(self) -> int:
        if self.body is not None:
            records = CompletionRecord.objects.filter(
                body=self.body, certificate__status__in=self.statuses
            )
            if self.module:
                records = records.filter(course__code=self.module)
            return _dated(records, self).count()
        return _dated(
            Certificate.objects.filter(course__code=self.module, status__in=self.statuses), self
        ).count()


def _dated(queryset, selection):
    if selection.since:
        queryset = queryset.filter(completed_on__gte=selection.since)
    if selection.until:
        queryset = queryset.filter(completed_on__lte=selection.until)
    return queryset


def _all_credits(snapshot: dict) -> str:
    """Every body's credits printed on the certificate, e.g. "1.5 CE (NCBTMB); 0.2 CEC (ACE)"."""
    return "; ".join(
        f"{approval['credits']} {approval['credit_unit']} ({approval['body_code']})"
        for approval in snapshot.get("approvals", [])
    )


def member_name(certificate: Certificate) -> str:
    """`<course code>/<certificate code>-<learner name>.pdf`: unique (the code) and readable."""
    snapshot = certificate.snapshot or {}
    course = slugify(snapshot.get("course_code", "")).upper() or "COURSE"
    learner = slugify(snapshot.get("learner_name", ""))[:60]
    return f"{course}/{certificate.code}{'-' + learner if learner else ''}.pdf"


def pdf_chunks(certificate: Certificate, size: str, stats) -> Iterator[bytes]:
    """The stored PDF in pieces; rendered and stored first when missing."""
    name = pdf.storage_name(certificate, size)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK_BYTES):
                yield chunk
        return
    stats.rendered += 1
    yield pdf.pdf_bytes(certificate, size)


@dataclass
class BulkStats:
    files: int = 0
    rendered: int = 0  # PDFs that were missing and rendered on the way
    bytes: int = 0


class _Sink:
    """What `zipfile` writes lands here until the generator drains it.

    Between two drains `zipfile` may write a lot at once: the central directory (about
    100 bytes per member) is written in one go by `ZipFile.close()`. Past `SPILL_BYTES`
    the sink moves to a temporary file, so that too stays out of memory; `drain()` then
    hands it back in `CHUNK_BYTES` pieces.
    """

    def __init__(self):
        self._buffer = bytearray()
        self._file = None
        self.size = 0

    def write(self, data) -> int:
        if self._file is None and self.size + len(data) > SPILL_BYTES:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by drain()
            self._file.write(self._buffer)
            self._buffer = bytearray()
        if self._file is not None:
            self._file.write(data)
        else:
            self._buffer += data
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None
        self._buffer = bytearray()

    def drain(self) -> Iterator[bytes]:
        """Everything written since the last drain, in pieces of at most CHUNK_BYTES."""
        self.size = 0
        if self._file is None:
            data, self._buffer = bytes(self._buffer), bytearray()
            if data:
                yield data
            return
        spilled, self._file = self._file, None
        try:
            spilled.seek(0)
            while chunk := spilled.read(CHUNK_BYTES):
                yield chunk
        finally:
            spilled.close()


class _SpilledEntries:
    """`ZipFile.filelist` kept on disk: the central directory's entries, one per member."""

    def __init__(self):
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._count = 0

    def append(self, info: zipfile.ZipInfo):
        pickle.dump(info, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __len__(self):
        return self._count

    def __iter__(self):
        self._file.seek(0)
        for _ in range(self._count):
            yield pickle.load(self._file)  # noqa: S301 - our own temporary file
        self._file.seek(0, 2)

    def close(self):
        self._file.close()


class _Unindexed(dict):
    """`ZipFile.NameToInfo` that remembers nothing (member names are unique here)."""

    def __setitem__(self, key, value):
        pass


def _zip_info(name: str, day: date | None) -> zipfile.ZipInfo:
    day = day or date(1980, 1, 1)
    info = zipfile.ZipInfo(name, date_time=(max(day.year, 1980), day.month, day.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def iter_zip(selection: BulkSelection, stats: BulkStats | None = None) -> Iterator[bytes]:
    """The ZIP of the selection's certificate PDFs and its manifest, in chunks."""
    stats = stats if stats is not None else BulkStats()
    sink = _Sink()
    entries = _SpilledEntries()
    manifest = tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="")  # noqa: SIM115
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.filelist, archive.NameToInfo = entries, _Unindexed()
    writer = csv.writer(manifest)
    writer.writerow(MANIFEST_HEADER)
    try:
        for certificate, credits in selection.items():
            name = member_name(certificate)
            with archive.open(_zip_info(name, certificate.completed_on), "w") as member:
                for chunk in pdf_chunks(certificate, selection.size, stats):
                    member.write(chunk)
                    if sink.size >= CHUNK_BYTES:
                        stats.bytes += sink.size
                        yield from sink.drain()
            snapshot = certificate.snapshot or {}
            writer.writerow(
                [
                    certificate.code,
                    safe_cell(snapshot.get("learner_name")),
                    safe_cell(snapshot.get("course_code")),
                    certificate.completed_on.isoformat(),
                    safe_cell(credits),
                    certificate.display_status,
                    safe_cell(name),
                ]
            )
            stats.files += 1
            if sink.size >= CHUNK_BYTES:
                stats.bytes += sink.size
                yield from sink.drain()
        manifest.seek(0)
        with archive.open(_zip_info(MANIFEST_NAME, date.today()), "w") as member:
            while text := manifest.read(CHUNK_BYTES):
                member.write(text.encode("utf-8"))
                if sink.size >= CHUNK_BYTES:
                    stats.bytes += sink.size
                    yield from sink.drain()
        archive.close()
        stats.bytes += sink.size
        yield from sink.drain()
    finally:
        if archive.fp is not None:  # stopped early: finish quietly into the sink
            archive.close()
        sink.close()
        manifest.close()
        entries.close()


def log_bulk_download(
    selection: BulkSelection, stats: BulkStats, *, user, source: str, complete: bool
) -> None:
    """One "cec.export" audit entry, like the other exports: on the body, or on the
    module page when the selection is a module's across bodies."""
    target = selection.body or CoursePage.objects.get(code=selection.module)
    log(
        target,
        "cec.export",
        user=user,
        data={
            "filters": selection.describe(),
            "format": FORMAT,
            "rows": stats.files,
            "rendered": stats.rendered,
            "bytes": stats.bytes,
            "source": source,
            "complete": complete,
        },
    )


def logged_zip(selection: BulkSelection, *, user=None, source: str) -> Iterator[bytes]:
    """`iter_zip`, audited once the last byte is out (or the client went away)."""
    stats = BulkStats()
    complete = False
    try:
        yield from iter_zip(selection, stats)
        complete = True
    finally:
        log_bulk_download(selection, stats, user=user, source=source, complete=complete)
