from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        from . import receivers  # noqa: F401 (issues certificates when a module is completed)
