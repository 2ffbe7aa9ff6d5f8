from django.apps import AppConfig


class LrsConfig(AppConfig):
    name = "lrs"
    verbose_name = "Learning record store delivery"

    def ready(self):
        from . import checks, receivers  # noqa: F401 (system check; queue on certificate_issued)
