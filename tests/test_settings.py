import os
import subprocess
import sys

from django.conf import settings

import pytest

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cec_site.settings.production",
    "DJANGO_SECRET_KEY": "x" * 60 + "-not-a-real-secret-but-long-and-varied-7f3a9c",
    "DJANGO_ALLOWED_HOSTS": "cec.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/1",
    "DJANGO_MEDIA_ROOT": "/tmp/cec-media",
    "CEC_SIGNING_KEY_FILE": "/tmp/cec-keys/signing-key.pem",
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "DJANGO_CACHE_URL",
        "DJANGO_MEDIA_ROOT",
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr
