from django.dispatch import receiver

from quizzes.signals import attempt_submitted

from .issuing import issue_certificate_if_complete


@receiver(attempt_submitted)
def issue_on_pass(sender, attempt, **kwargs):
    issue_certificate_if_complete(attempt)
