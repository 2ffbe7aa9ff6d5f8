from django.dispatch import receiver

from courses.models import CoursePage
from quizzes.signals import attempt_submitted

from .completion import complete_module_if_done


@receiver(attempt_submitted, dispatch_uid="learning.complete_on_pass")
def complete_on_pass(sender, attempt, **kwargs):
    if attempt.passed:
        complete_module_if_done(attempt, CoursePage.objects.parent_of(attempt.quiz).get())
