"""The learner's pages side by side with the nearest Wagtail peer, wagtail-lms 0.11.

    .venv/bin/python bench/peer_compare.py [--runs 5] [--duration 10]
    BENCH_DATABASE=postgres .venv/bin/python bench/peer_compare.py   # both on PostgreSQL

Both sites run at once under the same gunicorn (2 sync workers), DEBUG off, the same
database engine (a fresh SQLite file each, or a fresh PostgreSQL database each) and the
same cache and session engine (Redis cache, cached_db sessions, as our production runs).
The peer lives in its own virtualenv under .bench-peer/ (`pip install "wagtail-lms==0.11.*"`,
made on the first run; none of its code is in this repository) with a small project this
script writes: a course page and one lesson page per module lesson, holding the text of our
launch module's lessons, and an enrolled learner. `wrk -t1 -c4` hits each page in turn,
rotating the targets every run; the figure is the median requests per second, with the
machine's CPU busy share during those runs. Every page is checked to answer 200 with its
own title for that visitor before it is measured, and a run with any non-2xx answer fails.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench-peer"
PEER_VENV = WORK / "venv"
PEER_PROJECT = WORK / "peer_project"
OURS_PORT, PEER_PORT = 8701, 8702
PEER_SPEC = "wagtail-lms==0.11.*"
MODULE = "CEC-PTSM-103"


def run(cmd, *, env=None, cwd=ROOT, capture=False):
    result = subprocess.run(cmd, env=env, cwd=cwd, check=False, text=True, capture_output=True)
    if result.returncode:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{result.stdout}\n{result.stderr}")
    return result.stdout if capture else None


def database_url(name):
    if os.environ.get("BENCH_DATABASE", "sqlite") == "postgres":
        base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{base}/{name}"
    path = WORK / f"{name}.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


# --- our site ---------------------------------------------------------------------------


def ours_env():
    state = WORK / "cec-state"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cec_site.settings.prod_local",
        "PROD_LOCAL_DIR": str(state),
        "PORT": str(OURS_PORT),
        "DATABASE_URL": database_url("bench_cec"),
        "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/6",
        "DJANGO_MEDIA_S3_BUCKET": "",
        "DJANGO_MEDIA_ROOT": str(state / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(state / "private-media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


OURS_SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.cached_db import SessionStore
from courses.models import CoursePage, LessonPage
from learning.progress import enroll
course = CoursePage.objects.get(code=%r)
lessons = list(LessonPage.objects.child_of(course).live())
learner = get_user_model().objects.create_user(email="bench-learner@example.com")
enroll(learner, course)
session = SessionStore()
session["_auth_user_id"] = str(learner.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = learner.get_session_auth_hash()
session.create()
print(json.dumps({"session": session.session_key, "course": [course.url, course.title],
                  "lessons": [[lesson.url, lesson.title] for lesson in lessons]}))
"""


def setup_ours(env):
    py = str(ROOT / ".venv" / "bin" / "python")
    for command in (["migrate", "--noinput"], ["setup_site"], ["collectstatic", "--noinput"]):
        run([py, "manage.py", *command], env=env)
    out = run([py, "manage.py", "shell", "-c", OURS_SETUP % MODULE], env=env, capture=True)
    return json.loads(out.strip().splitlines()[-1])


# --- the peer ---------------------------------------------------------------------------

PEER_SETTINGS = """
import os
BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "bench-only-not-a-secret-5b0e9d7c3a1f"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "wagtail_lms", "wagtail.contrib.forms", "wagtail.contrib.redirects", "wagtail.embeds",
    "wagtail.sites", "wagtail.users", "wagtail.snippets", "wagtail.documents",
    "wagtail.images", "wagtail.search", "wagtail.admin", "wagtail", "modelcluster",
    "taggit", "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
ROOT_URLCONF = "peer_site.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [os.path.join(BASE_DIR, "templates")],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
WSGI_APPLICATION = "peer_site.wsgi.application"
import dj_database_url
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": "redis://127.0.0.1:6379/7"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
STATIC_URL = "/static/"
MEDIA_ROOT = os.path.join(BASE_DIR, "media")
MEDIA_URL = "/media/"
WAGTAIL_SITE_NAME = "peer"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
"""

PEER_URLS = """
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("lms/", include("wagtail_lms.urls")),
    path("", include(wagtail_urls)),
]
"""

PEER_WSGI = """
import os
from django.core.wsgi import get_wsgi_application
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_site.settings")
application = get_wsgi_application()
"""

# The base template `wagtail start` gives a new project, trimmed to what renders here.
PEER_BASE = """{% load static wagtailcore_tags wagtailuserbar %}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{% block title %}{{ page.title }}{% endblock %}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{% static 'wagtail_lms/css/course.css' %}"></head>
<body>{% wagtailuserbar %}{% block content %}{% endblock %}</body></html>
"""

PEER_SETUP = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.cached_db import SessionStore
from wagtail.models import Page, Site
from wagtail_lms.models import CourseEnrollment, CoursePage, H5PLessonPage
data = json.load(open(os.environ["PEER_CONTENT"]))
root = Page.objects.get(depth=1)
home = Site.objects.get(is_default_site=True).root_page
course = home.add_child(instance=CoursePage(title=data["course"], slug="course",
                                            description=data["course_html"]))
course.save_revision().publish()
lessons = []
for index, (title, html) in enumerate(data["lessons"]):
    lesson = course.add_child(instance=H5PLessonPage(
        title=title, slug=f"lesson-{index + 1}", body=[("paragraph", html)]))
    lesson.save_revision().publish()
    lessons.append([lesson.url, lesson.title])
learner = get_user_model().objects.create_user(username="bench-learner")
CourseEnrollment.objects.create(user=learner, course=course)
session = SessionStore()
session["_auth_user_id"] = str(learner.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = learner.get_session_auth_hash()
session.create()
print(json.dumps({"session": session.session_key, "course": [course.url, course.title],
                  "lessons": lessons}))
"""


def ensure_peer_venv():
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        print(f"making the peer's virtualenv ({PEER_SPEC}) in {PEER_VENV} ...", flush=True)
        run([sys.executable, "-m", "venv", str(PEER_VENV)])
    check = subprocess.run(
        [str(python), "-c", "import wagtail_lms, gunicorn, dj_database_url, redis, psycopg"],
        capture_output=True,
    )
    if check.returncode:
        run(
            [str(python), "-m", "pip", "install", "--quiet", PEER_SPEC, "gunicorn",
             "dj-database-url", "redis", "psycopg[binary]"]
        )  # fmt: skip
    return python


def write_peer_project():
    shutil.rmtree(PEER_PROJECT, ignore_errors=True)
    site = PEER_PROJECT / "peer_site"
    (site / "templates").mkdir(parents=True)
    (site / "__init__.py").write_text("")
    (site / "settings.py").write_text(PEER_SETTINGS)
    (site / "urls.py").write_text(PEER_URLS)
    (site / "wsgi.py").write_text(PEER_WSGI)
    (site / "templates" / "base.html").write_text(PEER_BASE)


def setup_peer(python, content):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peer_site.settings",
        "DATABASE_URL": database_url("bench_peer"),
        "PYTHONPATH": str(PEER_PROJECT),
    }
    run([str(python), "-m", "django", "migrate", "--noinput"], env=env, cwd=PEER_PROJECT)
    content_file = WORK / "peer_content.json"
    content_file.write_text(json.dumps(content))
    out = run(
        [str(python), "-m", "django", "shell", "-c", PEER_SETUP],
        env={**env, "PEER_CONTENT": str(content_file)},
        cwd=PEER_PROJECT,
        capture=True,
    )
    return env, json.loads(out.strip().splitlines()[-1])


# --- serving and measuring ----------------------------------------------------------------


def gunicorn(python, app, port, env, cwd):
    gunicorn_bin = Path(python).parent / "gunicorn"
    log = open(WORK / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (lives as long as the server)
    process = subprocess.Popen(
        [str(gunicorn_bin), "--workers", "2", "--worker-class", "sync", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", app],
        env=env, cwd=cwd, start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)  # noqa: S310
            return process
        except Exception:  # noqa: BLE001 (not up yet)
            time.sleep(0.2)
    sys.exit(f"gunicorn on {port} did not answer")


def fetch(url, session=None):
    request = urllib.request.Request(url)  # noqa: S310 (loopback)
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.read().decode()


def main_html(url, session):
    """Our page's <main> as plain paragraphs, for the peer to hold the same text."""
    _, html = fetch(url, session)
    main = html[html.index("<main") : html.index("</main>")]
    text = re.sub(r"<[^>]+>", " ", main)
    return "".join(f"<p>{line.strip()}</p>" for line in text.splitlines() if line.strip())


def cpu_times():
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields), idle


def wrk(url, session, duration):
    cmd = ["wrk", "-t1", "-c4", f"-d{duration}s", url]
    if session:
        cmd[1:1] = ["-H", f"Cookie: sessionid={session}"]
    total0, idle0 = cpu_times()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    total1, idle1 = cpu_times()
    if "Non-2xx" in out:
        sys.exit(f"non-2xx answers from {url}:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    busy = 100 * (1 - (idle1 - idle0) / max(1, total1 - total0))
    return rate, busy


def check_page(url, session, title):
    status, html = fetch(url, session)
    if status != 200 or title not in html or (session and "Log in" in html.split("<main")[0]):
        sys.exit(f"{url} did not answer its page for this visitor ({status})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    WORK.mkdir(exist_ok=True)
    peer_python = ensure_peer_venv()
    write_peer_project()

    env = ours_env()
    ours = setup_ours(env)
    servers = [gunicorn(ROOT / ".venv/bin/python", "cec_site.wsgi", OURS_PORT, env, ROOT)]
    try:
        base = f"http://127.0.0.1:{OURS_PORT}"
        content = {
            "course": ours["course"][1],
            "course_html": main_html(base + ours["course"][0], None)[:4000],
            "lessons": [[t, main_html(base + url, ours["session"])] for url, t in ours["lessons"]],
        }
        peer_env, peer = setup_peer(peer_python, content)
        servers.append(gunicorn(peer_python, "peer_site.wsgi", PEER_PORT, peer_env, PEER_PROJECT))
        peer_base = f"http://127.0.0.1:{PEER_PORT}"
        pairs = [
            ("module page, anonymous", (base + ours["course"][0], None, ours["course"][1]),
             (peer_base + peer["course"][0], None, peer["course"][1])),
            ("module page, enrolled learner",
             (base + ours["course"][0], ours["session"], ours["course"][1]),
             (peer_base + peer["course"][0], peer["session"], peer["course"][1])),
            ("lesson page, enrolled learner",
             (base + ours["lessons"][1][0], ours["session"], ours["lessons"][1][1]),
             (peer_base + peer["lessons"][1][0], peer["session"], peer["lessons"][1][1])),
        ]  # fmt: skip
        for _, mine, theirs in pairs:
            for url, session, title in (mine, theirs):
                check_page(url, session, title)
                for _ in range(20):
                    fetch(url, session)  # warm both workers' caches
        engine = os.environ.get("BENCH_DATABASE", "sqlite")
        print(
            f"{engine}; gunicorn 2 sync workers each, DEBUG off; wrk -t1 -c4 -d{args.duration}s; "
            f"{args.runs} runs per page, targets rotated each run; medians",
            flush=True,
        )
        results = {label: ([], [], [], []) for label, _, _ in pairs}
        for _ in range(args.runs):
            for label, mine, theirs in pairs:
                for (url, session, _), rates, busy in (
                    (mine, results[label][0], results[label][2]),
                    (theirs, results[label][1], results[label][3]),
                ):
                    rate, cpu = wrk(url, session, args.duration)
                    rates.append(rate)
                    busy.append(cpu)
        print(f"\n{'page':32} {'ours req/s':>10} {'peer req/s':>10} {'ratio':>6} "
              f"{'ours CPU':>8} {'peer CPU':>8}")  # fmt: skip
        for label, (mine, theirs, mine_cpu, their_cpu) in results.items():
            a, b = statistics.median(mine), statistics.median(theirs)
            print(
                f"{label:32} {a:10.1f} {b:10.1f} {a / b:6.2f} "
                f"{statistics.median(mine_cpu):7.0f}% {statistics.median(their_cpu):7.0f}%"
            )
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()


if __name__ == "__main__":
    main()
