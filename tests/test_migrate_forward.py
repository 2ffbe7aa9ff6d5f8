"""A database made by the code before the layers split migrates forward without losing a row.

The previous commit's code (from git) builds a database with a passed attempt, a
certificate and its completion record; today's code migrates it and must still verify the
certificate and list the record. Runs on SQLite, and on PostgreSQL when the suite does.
"""

import json
import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
# The last commit before enrolments, lesson progress and completion records changed apps.
BEFORE_LAYERS = "43f38e344554258bba887c344a5c26d11a03f9d4"

SEED = """
import json
from datetime import date, timedelta
from accounts.models import User
from certifying_bodies.models import CertifyingBody, CourseApproval, CompletionRecord
from courses.models import CoursePage, LessonPage
from courses.progress import record_lesson_opened
from quizzes.models import QuizPage
from quizzes.services import start_attempt, submit_attempt
course = CoursePage.objects.get(code="CEC-SOP-101")
body = CertifyingBody.objects.create(code="NCBTMB", name="NCBTMB", credit_unit="CE",
    credits_per_hour=1, rounding="nearest_0_1", provider_number="P-1")
CourseApproval.objects.create(course=course, body=body, approval_number="A-1",
    valid_from=date.today() - timedelta(days=30))
learner = User.objects.create_user(email="old@example.com", password="x" * 12,
    first_name="Old", last_name="Learner")
for lesson in LessonPage.objects.child_of(course).live():
    record_lesson_opened(learner, lesson)
attempt = start_attempt(QuizPage.objects.child_of(course).get(), learner)
answers = {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions}
attempt, _ = submit_attempt(attempt, answers)
certificate = learner.certificates.get()
print(json.dumps({"code": certificate.code, "records": CompletionRecord.objects.count(),
    "enrolments": learner.enrollments.count(), "opened": learner.lesson_progress.count()}))
"""

CHECK = """
import json
from django.test import Client
from accounts.models import User
from learning.models import Enrollment, LessonProgress
from records.completions import RecordFilter, completion_records
from records.models import CompletionRecord
from certifying_bodies.models import CertifyingBody
learner = User.objects.get(email="old@example.com")
code = learner.certificates.get().code
page = Client().get(f"/certificates/{code}/")
records = list(completion_records(RecordFilter(body=CertifyingBody.objects.get(code="NCBTMB"))))
print(json.dumps({"code": code, "status": page.status_code, "valid": b"Valid" in page.content,
    "records": CompletionRecord.objects.count(), "listed": [r["certificate_code"] for r in records],
    "enrolments": Enrollment.objects.filter(learner=learner).count(),
    "opened": LessonProgress.objects.filter(learner=learner).count()}))
"""


def _database_urls():
    urls = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        urls.append("postgres")
    return urls


def _fresh_database(kind, tmp_path):
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'before.sqlite3'}"
    config = dj_database_url.parse(os.environ["TEST_DATABASE_URL"])
    name = "cec_migrate_forward"
    admin = (
        f"host={config['HOST']} port={config['PORT'] or 5432} user={config['USER']} dbname=postgres"
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"


def _manage(cwd, url, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cec_site.settings.test",
        "TEST_DATABASE_URL": url,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize("kind", _database_urls())
def test_a_database_from_before_the_layers_migrates_forward(kind, tmp_path):
    known = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{BEFORE_LAYERS}^{{commit}}"], check=False
    )
    if known.returncode != 0:
        pytest.skip("this checkout has no history to build the old database from")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BEFORE_LAYERS], capture_output=True, check=True
    ).stdout
    old = tmp_path / "before"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(old, filter="data")
    url = _fresh_database(kind, tmp_path)

    _manage(old, url, "migrate", "--noinput")
    _manage(old, url, "setup_site")
    before = json.loads(_manage(old, url, "shell", "-c", SEED).strip().splitlines()[-1])
    assert before["records"] == 1 and before["enrolments"] == 1 and before["opened"] == 3

    _manage(ROOT, url, "migrate", "--noinput")
    after = json.loads(_manage(ROOT, url, "shell", "-c", CHECK).strip().splitlines()[-1])
    assert after["code"] == before["code"]
    assert after["status"] == 200 and after["valid"]
    assert after["records"] == 1 and after["listed"] == [before["code"]]
    assert after["enrolments"] == 1 and after["opened"] == before["opened"]
