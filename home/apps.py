from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and information pages"

    def ready(self):
        from . import sites  # noqa: F401 (connects forgetting cached sites when one changes)
