from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.learner_cache import touch_learner
from courses.models import CoursePage
from courses.page_cache import retire_pages
from quizzes.signals import attempt_submitted

from .completion import complete_module_if_done
from .models import Enrollment, LessonProgress, ModuleTimeRule, SeatTimeSettings


@receiver(attempt_submitted, dispatch_uid="learning.complete_on_pass")
def complete_on_pass(sender, attempt, **kwargs):
    if attempt.passed:
        complete_module_if_done(attempt, CoursePage.objects.parent_of(attempt.quiz).get())


@receiver([post_save, post_delete], sender=ModuleTimeRule, dispatch_uid="learning.rule_changed")
@receiver([post_save, post_delete], sender=SeatTimeSettings, dispatch_uid="learning.share_changed")
def time_rules_changed(sender, instance, created=False, **kwargs):
    # The rules are cached with the published pages (learning.seat_time). Reading the
    # site's settings makes them with their defaults the first time: nothing changed then.
    if not (created and sender is SeatTimeSettings):
        retire_pages()


@receiver([post_save, post_delete], sender=Enrollment, dispatch_uid="learning.enrolment_changed")
@receiver(post_delete, sender=LessonProgress, dispatch_uid="learning.progress_removed")
def learner_changed(sender, instance, **kwargs):
    # What the module page shows of this learner is computed again.
    touch_learner(instance.learner_id)
