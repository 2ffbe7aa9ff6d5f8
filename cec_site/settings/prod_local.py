"""Production settings with local-safe defaults, for `make prod-local` on one machine.

Every value production reads from the environment gets a default pointing at this
machine's services (PostgreSQL, Redis, a moto S3 server on loopback); anything set in
the environment wins. Then HTTPS-only behaviour is relaxed, since it serves plain HTTP on
127.0.0.1. Never deploy with this module: use `cec_site.settings.production`.
"""

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent.parent
_STATE = Path(os.environ.get("PROD_LOCAL_DIR", _ROOT / ".prod-local"))
_PORT = os.environ.get("PORT", "8000")

for _name, _value in {
    "DJANGO_SECRET_KEY": "prod-local-only-not-a-secret-8f2c1e0b7d5a4c3e9f6b1a2d",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cec_prod_local",
    "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/5",
    "DJANGO_MEDIA_S3_BUCKET": "cec-media",
    "DJANGO_MEDIA_S3_ENDPOINT_URL": f"http://127.0.0.1:{os.environ.get('S3_PORT', '9010')}",
    "DJANGO_MEDIA_S3_REGION": "us-east-1",
    "DJANGO_MEDIA_S3_ACCESS_KEY_ID": "prod-local",
    "DJANGO_MEDIA_S3_SECRET_ACCESS_KEY": "prod-local-secret",
    "CEC_SIGNING_KEY_FILE": str(_STATE / "keys" / "signing-key.pem"),
    "DJANGO_STATIC_ROOT": str(_STATE / "static"),
    "DJANGO_BASE_URL": f"http://127.0.0.1:{_PORT}",
}.items():
    os.environ.setdefault(_name, _value)

from .production import *  # noqa: E402, F403

# Plain HTTP on loopback.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CSRF_TRUSTED_ORIGINS = [
    f"http://{host}:{port}"
    for host in ALLOWED_HOSTS  # noqa: F405
    for port in {_PORT, "8000", "8001"}
]
CEC_SIGNING_KEY_CREATE = True
# No mail server here: e-mails are printed by the worker instead of sent.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# Certificates name the demo provider here, as under `make run`; a real deployment keeps
# issuing paused until the provider's details are filled in.
CEC_REQUIRE_PROVIDER_DETAILS = False
