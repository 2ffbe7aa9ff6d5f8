import os
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Certificate PDFs and the signing key made by tests land in throwaway directories.
MEDIA_ROOT = tempfile.mkdtemp(prefix="cec-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="cec-test-private-")
CEC_SIGNING_KEY_FILE = Path(tempfile.mkdtemp(prefix="cec-test-keys-")) / "signing-key.pem"
CEC_SIGNING_KEY_CREATE = True

# The PostgreSQL leg of CI sets TEST_DATABASE_URL; the default leg runs on SQLite.
if os.environ.get("TEST_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["TEST_DATABASE_URL"])}

# One process with a local-memory cache: its rate-limit counts are exact here, which is
# all django-ratelimit's check for a shared cache is about. Production uses Redis.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Existing tests expect a certificate on the passing submit of an approved module: the
# attestation and the evaluation default off here; tests that cover them turn them on.
CEC_ATTESTATION_DEFAULT = False
CEC_EVALUATION_REQUIRED_WITH_APPROVAL = False

# The database task queue's tables exist in tests too (the worker and health tests use
# them); tasks still run inline unless a test switches TASKS to its DatabaseBackend.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
