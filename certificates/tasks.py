from django.db import transaction

from django_tasks import task


@task()
def render_certificate_pdfs(certificate_pk):
    """Render and store the certificate's PDFs (idempotent: skips what is stored).

    Safe on several workers at once: the certificate's row lock makes a second task for
    the same certificate wait, then find the files stored and render nothing.
    """
    from .models import Certificate
    from .pdf import ensure_pdfs

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_pk).first()
        if certificate is not None:
            ensure_pdfs(certificate)
