"""PDFs for views without rendering in the request: read what is stored, queue the rest.

A view never lays out a PDF (see `certificates.pdf`). It reads the stored file; when it
is missing, the view queues the render for the task worker and answers "being prepared"
(`certificates.pdf_responses`). With the immediate task backend (dev, tests) the render
ran inside `enqueue`, so the file is read again and streamed at once.

A browser polling every few seconds must not queue a render each time: a short cache key
remembers that one is queued. A lost key (cache flush) costs only a duplicate task, which
finds the file stored and does nothing.

Transcripts and other learner documents go to private storage (no public URL) under the
owner's folder, named by an HMAC of their HTML: the same document is rendered once, and
nobody without the secret key can guess a name.
"""

import hashlib
import re

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from core.storage import private_storage

from . import pdf

# How long a queued render is not queued again (polls within it only read storage).
QUEUED_SECONDS = 60


def queue_once(key: str, enqueue) -> bool:
    """Call `enqueue` unless it was called for `key` within QUEUED_SECONDS.

    Says whether the task has already run (the immediate backend), so the caller may look
    for its file again.
    """
    cache_key = "pdf-queued:" + hashlib.sha256(key.encode()).hexdigest()
    if not cache.add(cache_key, True, QUEUED_SECONDS):
        return False
    try:
        result = enqueue()
    except BaseException:
        cache.delete(cache_key)  # nothing was queued: the next poll must try again
        raise
    if result.is_finished:
        cache.delete(cache_key)  # it ran (or failed) already: nothing waits in a queue
        return True
    return False


# --- Certificates ----------------------------------------------------------------------


def queue_certificate_pdf(certificate, size: str) -> bool:
    from .tasks import render_certificate_pdfs

    return queue_once(
        pdf.storage_name(certificate, size),
        lambda: render_certificate_pdfs.enqueue(certificate.pk, [size]),
    )


def certificate_pdf_or_queue(certificate, size: str) -> bytes | None:
    """The stored PDF of that size, or None once its render is queued."""
    data = pdf.stored_pdf(certificate, size)
    if data is None and queue_certificate_pdf(certificate, size):
        data = pdf.stored_pdf(certificate, size)
    return data


# --- Private documents (transcripts) ---------------------------------------------------

_KIND = re.compile(r"[a-z][a-z0-9-]{0,39}")


def private_pdf_name(owner_pk, kind: str, html: str) -> str:
    if not _KIND.fullmatch(kind):
        raise ValueError(f"Bad document kind {kind!r}.")
    digest = salted_hmac(
        "certificates.private_pdf", f"{owner_pk}\n{kind}\n{html}", algorithm="sha256"
    ).hexdigest()
    return f"documents/{int(owner_pk)}/{kind}-{digest}.pdf"


def render_private_document(owner_pk, kind: str, html: str) -> str:
    """Render and store the document unless stored; return its name (the task's work)."""
    name = private_pdf_name(owner_pk, kind, html)
    storage = private_storage()
    if not storage.exists(name):
        data = pdf.html_document(html).write_pdf(pdf_variant=pdf.PDF_VARIANT)
        pdf.store(name, data, storage)
    return name


def private_pdf_or_queue(owner_pk, kind: str, html: str) -> bytes | None:
    """The stored PDF of this HTML, or None once its render is queued."""
    from .tasks import render_private_pdf

    name = private_pdf_name(owner_pk, kind, html)
    storage = private_storage()
    data = pdf.read_stored(name, storage)
    if data is None and queue_once(name, lambda: render_private_pdf.enqueue(owner_pk, kind, html)):
        data = pdf.read_stored(name, storage)
    return data
