from urllib.parse import urlsplit

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
if (_base_host := urlsplit(WAGTAILADMIN_BASE_URL).hostname) not in ALLOWED_HOSTS:  # noqa: F405
    ALLOWED_HOSTS.append(_base_host)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# One process with a local-memory cache: its rate-limit counts are exact here, which is
# all django-ratelimit's check for a shared cache is about. Production uses Redis.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

CEC_SIGNING_KEY_CREATE = True  # dev makes its signing key on first use

# Tasks run inline here (no worker), so LRS delivery runs on a thread of its own after the
# commit: an LRS that never answers cannot hold up a learner's quiz submit.
LRS_BACKGROUND_THREAD = True
