from django.dispatch import receiver

from certificates.signals import certificate_issued

from .writing import write_completion_records


@receiver(certificate_issued, dispatch_uid="records.write_completion_records")
def write_records_on_issue(sender, certificate, **kwargs):
    """Inside the issuing transaction, so a certificate never lacks its records."""
    write_completion_records(certificate)
