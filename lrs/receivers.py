from django.dispatch import receiver

from certificates.signals import certificate_issued

from .conf import lrs_enabled
from .outbox import queue_certificate_statements
from .tasks import send_after_commit


@receiver(certificate_issued, dispatch_uid="lrs.queue_statements")
def queue_lrs_statements(sender, certificate, **kwargs):
    """Queue the statements inside the issuing transaction; send them once it commits."""
    if not lrs_enabled():
        return
    ids = queue_certificate_statements(certificate)
    if ids:
        send_after_commit(ids)
