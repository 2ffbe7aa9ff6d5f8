from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from . import receivers  # noqa: F401 (retires a learner's cached quiz state on change)
