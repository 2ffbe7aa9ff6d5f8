"""LRS settings, read when used (so tests can change them). An empty endpoint disables it."""

from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    "LRS_ENDPOINT": "",
    "LRS_USERNAME": "",
    "LRS_PASSWORD": "",
    "LRS_CONNECT_TIMEOUT": 5,
    "LRS_READ_TIMEOUT": 15,
    "LRS_MAX_ATTEMPTS": 10,
    "LRS_BACKGROUND_THREAD": False,
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])


def lrs_enabled() -> bool:
    return bool(setting("LRS_ENDPOINT"))


@dataclass(frozen=True)
class LrsSettings:
    endpoint: str
    username: str
    password: str
    connect_timeout: float
    read_timeout: float
    max_attempts: int

    @classmethod
    def from_settings(cls):
        return cls(
            endpoint=setting("LRS_ENDPOINT"),
            username=setting("LRS_USERNAME"),
            password=setting("LRS_PASSWORD"),
            connect_timeout=float(setting("LRS_CONNECT_TIMEOUT")),
            read_timeout=float(setting("LRS_READ_TIMEOUT")),
            max_attempts=int(setting("LRS_MAX_ATTEMPTS")),
        )

    @property
    def statements_url(self):
        return self.endpoint.rstrip("/") + "/statements"
