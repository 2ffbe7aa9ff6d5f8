"""Certificate PDFs rendered by several processes at once, as several task workers do.

WeasyPrint corrupted memory when two renders shared a process (gunicorn's gthread request
threads); separate processes are how production renders. Here two processes race to
render the same certificates in every size into one media directory: every stored file
must be a whole PDF naming its certificate, stored once under its own name. That each is
also rendered only once comes from the task's row lock, which needs PostgreSQL: see
tests/test_worker.py.
"""

import io
import multiprocessing
from pathlib import Path

import pytest
from pypdf import PdfReader

from certificates import pdf
from certificates.models import Certificate
from tests.certs import certified_course, pass_course
from tests.pdf_child import render_all

CHILDREN = 2
LEARNERS = 2


@pytest.fixture
def certificates(catalog, make_user):
    course = certified_course(catalog)
    for _ in range(LEARNERS):
        pass_course(make_user(), course)
    return list(Certificate.objects.filter(course=course))


def as_fields(certificate) -> dict:
    return {
        "code": certificate.code,
        "status": certificate.status,
        "snapshot": certificate.snapshot,
        "completed_on": certificate.completed_on,
        "valid_until": certificate.valid_until,
    }


def test_several_processes_render_at_once_and_store_each_pdf_once(certificates, tmp_path):
    media = tmp_path / "media"
    fields = [as_fields(c) for c in certificates]
    context = multiprocessing.get_context("spawn")  # fresh interpreters, as workers are

    with context.Pool(CHILDREN) as pool:
        runs = [
            pool.apply_async(render_all, (str(media), fields, list(pdf.SIZES)))
            for _ in range(CHILDREN)
        ]
        names = [run.get(timeout=180) for run in runs]

    expected = sorted(pdf.storage_name(c, size) for c in certificates for size in pdf.SIZES)
    assert all(sorted(n) == expected for n in names)
    stored = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    assert stored == expected, "one file per certificate and size, no leftover copies"
    for certificate in certificates:
        for size in pdf.SIZES:
            data = Path(media, pdf.storage_name(certificate, size)).read_bytes()
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
            reader = PdfReader(io.BytesIO(data))
            assert len(reader.pages) == 1
            text = reader.pages[0].extract_text()
            assert certificate.code in text.replace(" ", "").replace("\n", "")
