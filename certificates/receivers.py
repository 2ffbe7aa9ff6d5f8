from django.dispatch import receiver

from learning.signals import module_completed

from .issuing import issue_certificate


@receiver(module_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, learner, course, attempt, **kwargs):
    issue_certificate(attempt, course=course)
