from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.problems import ModuleFileError
from home.info_pages import ensure_info_pages
from home.site_setup import (
    DEMO_EDITOR_EMAIL,
    DEMO_EDITOR_PASSWORD,
    ensure_demo_editor,
    ensure_launch_bodies,
    ensure_page_tree,
    ensure_provider_admin_group,
    load_launch_modules,
)


class Command(BaseCommand):
    help = "Create the page tree, load the launch modules and the demo editor (safe to re-run)."

    def handle(self, *args, **options):
        home, _ = ensure_page_tree()
        ensure_info_pages(home)
        try:
            loaded = load_launch_modules()
        except ModuleFileError as exc:
            raise CommandError(f"a launch module could not be loaded:\n{exc}") from exc
        for result in loaded:
            self.stdout.write(result.summary())
        if not loaded:
            self.stdout.write("Launch modules: already loaded.")
        ensure_provider_admin_group()
        ensure_launch_bodies()
        _, created = ensure_demo_editor()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor for {settings.WAGTAILADMIN_BASE_URL}/admin/ : "
                f"{DEMO_EDITOR_EMAIL} / {DEMO_EDITOR_PASSWORD}"
                + ("" if created else " (existing account; password unchanged)")
            )
        )
