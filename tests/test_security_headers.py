"""Content-Security-Policy on the site's pages, and the production security headers."""

import json
import re
import subprocess
import sys

from django.conf import settings

import pytest

from courses.models import LessonPage
from quizzes.models import QuizPage
from quizzes.services import start_attempt
from tests.factories import make_course
from tests.test_settings import PRODUCTION_ENV

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def policy(response):
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.fixture
def site_pages(client, catalog, learner):
    course = make_course(catalog, lessons=2, time_limit_minutes=20)
    lesson = LessonPage.objects.child_of(course).first()
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner)
    client.force_login(learner)
    return [
        "/",
        "/courses/",
        course.url,
        lesson.url,
        quiz.url,
        f"{quiz.url}attempt/{attempt.pk}/",
        "/dashboard/",
        "/accounts/profile/",
        "/certificates/",
    ]


def test_site_pages_send_a_strict_policy_and_carry_no_inline_script(client, site_pages):
    for url in site_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        html = response.content.decode()
        # The policy would block these in the browser, so none may be relied on.
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_HANDLER.search(html), url
        assert not STYLE_ATTRIBUTE.search(html), url


def test_public_log_in_pages_send_the_policy(client, db):
    for url in ("/accounts/login/", "/accounts/signup/"):
        assert policy(client.get(url))["default-src"] == ["'self'"]


def test_the_wagtail_admin_is_left_out_of_the_policy(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


# Static files are not collected here, so only the manifest storage is swapped out.
HEADERS_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
simple = "django.contrib.staticfiles.storage.StaticFilesStorage"
plain = {**settings.STORAGES, "staticfiles": {"BACKEND": simple}}
with override_settings(STORAGES=plain):
    response = Client(HTTP_HOST="cec.example").get("/accounts/login/", secure=True)
print(json.dumps({"status": response.status_code, "headers": dict(response.headers)}))
"""


def test_production_pages_carry_the_security_headers(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-c", HEADERS_SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    headers = answer["headers"]
    assert answer["status"] == 200
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
