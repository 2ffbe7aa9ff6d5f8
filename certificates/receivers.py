from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.learner_cache import touch_learner
from learning.signals import module_completed

from .issuing import issue_certificate
from .models import Certificate


@receiver(module_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, learner, course, attempt, **kwargs):
    issue_certificate(attempt, course=course)


@receiver([post_save, post_delete], sender=Certificate, dispatch_uid="certificates.changed")
def certificate_changed(sender, instance, **kwargs):
    # The learner's cached certificate (the quiz's fresh start after expiry) is retired.
    touch_learner(instance.learner_id)
