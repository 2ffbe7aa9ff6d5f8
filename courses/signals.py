"""Drop a module's cached outline whenever the module or one of its pages changes."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .outline import forget_outline


def _forget_for(page):
    from .models import CoursePage

    specific_class = page.specific_class
    if specific_class is CoursePage:
        forget_outline(page.pk)
    elif page.depth > 1:
        # A lesson or quiz: its module is the parent (by tree path).
        parent = Page.objects.filter(path=page.path[: -Page.steplen]).only("pk").first()
        if parent is not None:
            forget_outline(parent.pk)


@receiver(page_published)
@receiver(page_unpublished)
def forget_on_publish(sender, instance, **kwargs):
    _forget_for(instance)


@receiver(post_page_move)
def forget_on_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    forget_outline(parent_page_before.pk)
    forget_outline(parent_page_after.pk)
    _forget_for(instance)


@receiver(post_delete)
def forget_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _forget_for(instance)
