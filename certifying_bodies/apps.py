from django.apps import AppConfig


class CertifyingBodiesConfig(AppConfig):
    name = "certifying_bodies"
    verbose_name = "Certifying bodies"
