from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and information pages"

    def ready(self):
        # Connect forgetting cached sites and routed pages when one changes.
        from . import routing, sites  # noqa: F401
