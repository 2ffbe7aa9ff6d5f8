"""What is read from published pages on every view (the request's site with its root page,
whether any page is private, the page found by its URL, a module's outline, a lesson's
rendered body; above, the seat-time rules), cached under one generation token that any
page's, site's or view restriction's save, deletion or move replaces: publishing and
unpublishing save the page, so an edit is seen on the next request. Each process keeps
the values too, so a request pays one round trip for the token (core.generations). The
expiry is only a safety net for changes made around the ORM."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from core.generations import cached_under, retire

GENERATION_KEY = "pages:generation"
CACHE_SECONDS = 5 * 60


def cached_for_pages(name, compute):
    """compute(), or its value from the cache if no page changed since; kept in the process
    too, so a request reads only the token (each caller gets its own shallow copy)."""
    return cached_under(GENERATION_KEY, f"pages:{name}", compute, CACHE_SECONDS, in_process=True)


def retire_pages() -> None:
    """Retire everything cached here (for layers above that keep their own values here)."""
    retire(GENERATION_KEY)


@receiver([post_save, post_delete], dispatch_uid="courses.forget_cached_pages")
def forget_cached_pages(sender, instance, **kwargs):
    # Every model's saves come here; only these shape what is served at a URL.
    if isinstance(instance, Page | Site | PageViewRestriction):
        retire_pages()


@receiver(post_page_move, dispatch_uid="courses.forget_moved_pages")
def forget_moved_pages(**kwargs):
    retire_pages()
