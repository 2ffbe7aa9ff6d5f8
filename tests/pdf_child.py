"""Run in a child process by tests/test_pdf_processes.py: render certificate PDFs there.

The child sets Django up with the test settings, points the media root at the parent's,
and renders unsaved copies of the parent's certificates (the test database lives in the
parent's memory), storing them the way the worker's task does.
"""

import os


def render_all(media_root: str, certificates: list[dict], sizes: list[str]) -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cec_site.settings.test")
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = media_root
    from certificates import pdf
    from certificates.models import Certificate

    names = []
    for fields in certificates:
        names += pdf.ensure_pdfs(Certificate(**fields), sizes)
    return names
