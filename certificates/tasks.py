"""Background work of certificates, run by the task worker (`manage.py db_worker`).

Dev and tests use the immediate backend, which runs a task inside `enqueue`.
"""

from django.db import transaction

from django_tasks import task


@task()
def render_certificate_pdfs(certificate_pk, sizes=None):
    """Render and store the certificate's PDFs in `sizes` (default: the default size only).

    Idempotent: skips what is stored. Safe on several workers at once: the certificate's
    row lock makes a second task for the same certificate wait, then find the files stored
    and render nothing.
    """
    from .models import Certificate
    from .pdf import DEFAULT_SIZE, check_size, ensure_pdfs

    sizes = [check_size(size) for size in (sizes or [DEFAULT_SIZE])]
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_pk).first()
        if certificate is not None:
            ensure_pdfs(certificate, sizes)


@task()
def render_private_pdf(owner_pk, kind, html):
    """Render HTML (a learner's transcript, a CE summary) to its private PDF, once.

    The name comes from the owner, the kind and the HTML itself, so the same document is
    stored once and the view finds it by rendering the same HTML. Two workers given the
    same document at once may both render it; the second copy is dropped on save.
    """
    from .queueing import render_private_document

    render_private_document(owner_pk, kind, html)


@task()
def email_certificate(certificate_pk):
    """Send the "your certificate is ready" e-mail at most once; say whether it was sent."""
    from .mail import send_certificate_email_once

    return send_certificate_email_once(certificate_pk)
