from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Completion records"

    def ready(self):
        from . import receivers  # noqa: F401 (connects the receivers)
