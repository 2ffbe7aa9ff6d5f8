from django_tasks import task


@task()
def render_certificate_pdfs(certificate_pk):
    """Render and store the certificate's PDFs (idempotent: skips what is stored)."""
    from .models import Certificate
    from .pdf import ensure_pdfs

    certificate = Certificate.objects.filter(pk=certificate_pk).first()
    if certificate is not None:
        ensure_pdfs(certificate)
