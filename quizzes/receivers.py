from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.learner_cache import touch_learner

from .models import Accommodation, Attempt


@receiver([post_save, post_delete], sender=Attempt, dispatch_uid="quizzes.attempt_changed")
@receiver(
    [post_save, post_delete], sender=Accommodation, dispatch_uid="quizzes.accommodation_changed"
)
def learner_quiz_changed(sender, instance, **kwargs):
    # What is cached of this learner (attempts, accommodation, module status) is retired.
    touch_learner(instance.learner_id)
