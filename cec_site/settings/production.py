"""Production settings: every secret and address comes from DJANGO_* environment variables."""

import os

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

from ..storage import s3_media_storage
from .base import *  # noqa: F403


def require_env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


DEBUG = False
SECRET_KEY = require_env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in require_env("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]
DATABASES = {"default": dj_database_url.parse(require_env("DATABASE_URL"), conn_max_age=60)}
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": require_env("DJANGO_CACHE_URL"),
    }
}
CEC_SIGNING_KEY_FILE = require_env("CEC_SIGNING_KEY_FILE")
CEC_SIGNING_KEY_CREATE = False
# No certificate is issued while the provider details (Settings → Certificate provider)
# are still the shipped placeholders.
CEC_REQUIRE_PROVIDER_DETAILS = True
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
# WhiteNoise serves the collected static files right after the security middleware.
MIDDLEWARE = [*MIDDLEWARE[:1], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = os.environ.get("DJANGO_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# Background work is stored in the database and run by `manage.py db_worker`.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# WeasyPrint only in a process's main thread (the worker's): it corrupted memory in
# gunicorn's gthread request threads. Views never render; this makes a slip fail loudly.
PDF_RENDER_MAIN_THREAD_ONLY = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}

# Media: S3-compatible object storage when DJANGO_MEDIA_S3_BUCKET is set (private objects,
# signed URLs), else local files under DJANGO_MEDIA_ROOT (one node, or a shared volume).
_s3_media = s3_media_storage()
if _s3_media:
    STORAGES["default"] = _s3_media
    # Learners' own uploads (external CE certificates) under their own prefix, also private.
    STORAGES["private"] = {**_s3_media, "OPTIONS": {**_s3_media["OPTIONS"], "location": "private"}}
    MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", "")
else:
    MEDIA_ROOT = require_env("DJANGO_MEDIA_ROOT")
    PRIVATE_MEDIA_ROOT = os.environ.get(
        "DJANGO_PRIVATE_MEDIA_ROOT",
        os.path.join(os.path.dirname(MEDIA_ROOT.rstrip("/")), "private-media"),
    )

# Stateless app nodes: sessions live in the shared Redis cache (and the database, so a
# cache flush does not log everyone out); rate-limit counts are on that cache too.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
RATELIMIT_USE_CACHE = "default"

# /health/ (django-health-check): database, cache, storage and the task backlog.
# Load balancers poll over plain HTTP inside the network: no redirect to HTTPS there.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
HEALTH_TASK_BACKLOG_MINUTES = int(os.environ.get("DJANGO_HEALTH_TASK_BACKLOG_MINUTES", "10"))
