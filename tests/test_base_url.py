"""Dev's absolute links follow the address the server really runs on."""

import os
import shutil
import subprocess
import sys

from django.conf import settings

SHOW = (
    "from django.conf import settings; from certificates.models import verification_url; "
    "print(settings.WAGTAILADMIN_BASE_URL); print(verification_url('7KQ2-M9XD-4HTR-B3W8')); "
    "print(settings.ALLOWED_HOSTS)"
)


def dev_shell(**env):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_dev_reads_the_base_url_from_the_environment():
    base, verify, hosts = dev_shell(
        DJANGO_SETTINGS_MODULE="cec_site.settings.dev", DJANGO_BASE_URL="http://cec.local:8001/"
    )
    assert base == "http://cec.local:8001"
    assert verify == "http://cec.local:8001/certificates/7KQ2-M9XD-4HTR-B3W8/"
    assert "cec.local" in hosts


def make(*args):
    return subprocess.run(
        [shutil.which("make"), *args],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


SHOW_BASE_URL = "--eval=show-base-url: ; @echo $$DJANGO_BASE_URL"


def test_make_run_takes_a_port_for_the_server_and_the_links():
    assert "manage.py runserver 127.0.0.1:8001" in make("-n", "run", "PORT=8001")
    assert make("-s", SHOW_BASE_URL, "show-base-url", "PORT=8001").strip() == (
        "http://127.0.0.1:8001"
    )
    assert make("-s", SHOW_BASE_URL, "show-base-url").strip() == "http://127.0.0.1:8000"
