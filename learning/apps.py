from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning"

    def ready(self):
        from . import receivers  # noqa: F401 (connects the receivers)
