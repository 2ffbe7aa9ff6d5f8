"""Certificate PDFs: rendered once per size, template version and status, then served stored.

A certificate's PDF is drawn from `certificates/pdf.html` with WeasyPrint, on one landscape
page in US Letter or A4. What it prints comes from the certificate's frozen `snapshot`, so a
stored file never goes stale while the certificate keeps its status; the status is part of
the stored name, so revoking (or superseding, or expiry) makes a new file rather than
serving the old valid one. Raise `TEMPLATE_VERSION` whenever the template or its styles
change: every certificate then renders afresh on its next request, and the old files can
be deleted at leisure.

Learners' and visitors' PDFs are rendered in the task worker only (`certificates.tasks`):
the views stream stored files and queue what is missing (`certificates.queueing`), because
WeasyPrint is not safe beside other threads of one process (under gunicorn's gthread
workers it corrupted memory). The admin's bulk ZIP still renders a missing one in its
request (`records.bulk`, through `pdf_bytes`).
Where `PDF_RENDER_MAIN_THREAD_ONLY` is set (production), `html_document` refuses to run
outside a process's main thread, so a request thread that reaches it fails loudly instead.

Fonts are DejaVu Serif, Sans and Sans Mono (Debian `fonts-dejavu-core`); WeasyPrint embeds
the subset of glyphs it uses. Nothing is fetched while rendering: the QR code is inline SVG.
"""

import logging
import threading
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

import segno
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .provider import address_lines

logger = logging.getLogger(__name__)

TEMPLATE_VERSION = 2
TEMPLATE = "certificates/pdf.html"

# name -> (CSS page size, human label)
SIZES = {
    "letter": ("letter landscape", "US Letter"),
    "a4": ("A4 landscape", "A4"),
}
DEFAULT_SIZE = "letter"

# Tighter layouts tried in turn when the content does not fit one page (many approvals,
# a long address or title). The last one is used whatever its page count.
DENSITIES = ("regular", "compact", "dense")

PDF_VARIANT = "pdf/a-3b"  # archival PDF: fonts embedded, metadata in XMP as well

# One per process: WeasyPrint keeps font data on it, and a new one per render leaks memory.
FONT_CONFIG = FontConfiguration()
# The template needs nothing from outside (fonts come from fontconfig, the QR code is
# inline), so any URL that slips into it is refused instead of fetched.
_NO_FETCH = URLFetcher(allowed_protocols=())


class UnknownSize(ValueError):
    pass


def check_size(size: str) -> str:
    if size not in SIZES:
        raise UnknownSize(f"Unknown paper size {size!r}: choose one of {', '.join(SIZES)}.")
    return size


def pdf_status(certificate) -> str:
    """What the PDF says about the certificate: valid, expired, revoked or superseded."""
    return certificate.display_status


def storage_name(certificate, size: str, *, status=None) -> str:
    status = status or pdf_status(certificate)
    code = certificate.code
    return f"certificates/{code}/{code}-{check_size(size)}-v{TEMPLATE_VERSION}-{status}.pdf"


def qr_svg(url: str) -> str:
    """The URL as a QR code, inline SVG with its quiet zone, scaled by CSS."""
    qr = segno.make_qr(url, error="m")
    return qr.svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=True)


def _url_parts(url: str) -> tuple[str, str]:
    """The verification URL split before the certificate code."""
    head, code, tail = url.rsplit("/", 2)
    return f"{head}/", f"{code}/{tail}"


def _day(value):
    """A date from a date or its ISO form (snapshots hold ISO strings)."""
    if not value or isinstance(value, date):
        return value or None
    return date.fromisoformat(value)


def pdf_context(certificate, size: str, *, density: str = DENSITIES[0]) -> dict:
    snapshot = certificate.snapshot
    url = certificate.verification_url
    status = pdf_status(certificate)
    superseded_by = certificate.superseded_by if status == "superseded" else None
    return {
        "certificate": certificate,
        "snapshot": snapshot,
        "status": status,
        "superseded_by": superseded_by,
        "completed_on": _day(snapshot.get("completed_on")),
        # The record's date decides expiry, so it is the one printed.
        "valid_until": _day(certificate.valid_until) or _day(snapshot.get("valid_until")),
        "verify_url": url,
        # Printed on one line, or broken only before the code, never inside it.
        "verify_url_parts": _url_parts(url),
        "qr_svg": qr_svg(url),
        "provider_address": address_lines(snapshot.get("provider", {})),
        "page_size": SIZES[size][0],
        "density": density,
        "keywords": ", ".join(
            [
                "certificate of completion",
                "continuing education",
                snapshot.get("course_code", ""),
                *(approval["body_code"] for approval in snapshot.get("approvals", [])),
            ]
        ),
    }


def check_render_thread():
    """Refuse to lay out a PDF off the main thread where the settings ask for it.

    `db_worker` runs tasks in its main thread and gunicorn's sync workers serve requests in
    theirs; only gthread request threads (or any other thread) are refused. Dev and tests
    leave it off: the immediate task backend renders inside `runserver`'s request threads.
    """
    if getattr(settings, "PDF_RENDER_MAIN_THREAD_ONLY", False) and (
        threading.current_thread() is not threading.main_thread()
    ):
        raise RuntimeError(
            "WeasyPrint called outside the main thread: PDFs are rendered by the task worker "
            "(manage.py db_worker), never in a request thread."
        )


def html_document(html: str):
    """Lay out HTML with the shared fonts, fetching nothing."""
    check_render_thread()
    return HTML(string=html, url_fetcher=_NO_FETCH).render(font_config=FONT_CONFIG)


def render_pdf(certificate, size: str = DEFAULT_SIZE) -> bytes:
    """Draw the certificate's PDF (one page); does not store it."""
    check_size(size)
    for density in DENSITIES:
        html = render_to_string(TEMPLATE, pdf_context(certificate, size, density=density))
        document = html_document(html)
        if len(document.pages) == 1:
            break
    else:
        logger.warning(
            "Certificate %s does not fit one %s page (%d pages).",
            certificate.code,
            size,
            len(document.pages),
        )
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def store(name: str, data: bytes, storage=None) -> str:
    storage = storage or default_storage
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        # Another process stored the same file meanwhile; keep theirs, drop our copy.
        storage.delete(saved)
    return name


def read_stored(name: str, storage=None) -> bytes | None:
    """A stored file's bytes, or None when it is not stored (yet)."""
    storage = storage or default_storage
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as stored:
        return stored.read()


def stored_pdf(certificate, size: str = DEFAULT_SIZE) -> bytes | None:
    """The certificate's stored PDF of that size, or None: never renders."""
    return read_stored(storage_name(certificate, size))


def ensure_pdfs(certificate, sizes=tuple(SIZES)) -> list[str]:
    """Render and store whichever sizes are missing; return the stored names. Idempotent."""
    names = []
    for size in sizes:
        name = storage_name(certificate, size)
        if not default_storage.exists(name):
            store(name, render_pdf(certificate, size))
        names.append(name)
    return names


def pdf_bytes(certificate, size: str = DEFAULT_SIZE) -> bytes:
    """The stored PDF, rendered here and stored first when it is missing.

    Renders in the calling thread: for the worker, commands, benches and tests. Views use
    `stored_pdf` and queue the render instead.
    """
    data = stored_pdf(certificate, size)
    if data is None:
        data = render_pdf(certificate, size)
        store(storage_name(certificate, size), data)
    return data
