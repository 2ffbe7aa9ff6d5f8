"""Simultaneous learners against a running stack (`make prod-local`), over HTTP.

    .venv/bin/python bench/load.py --learners 20 --think-min 1 --think-max 3
    .venv/bin/python bench/load.py --learners 500 --base-url http://127.0.0.1:8000 \
        --base-url http://127.0.0.1:8001          # spread over two app nodes

Setup (not measured): N learner accounts and their sessions are made in the stack's own
database and session store (DJANGO_SETTINGS_MODULE, default cec_site.settings.prod_local),
so password hashing is timed on its own. Then each learner, at a random moment of the
--reading-window, opens the module and its lessons (the step "open"); when the window ends
the quiz opens, and every learner starts inside --start-window seconds: the quiz page, the
start, the attempt page (the step "start"; "starts served" is when the last learner had
their paper). Each then saves each answer after a think time, submits and opens the
result; a passing learner then opens the module page, affirms the attestation and claims
the certificate. Three in four learners answer everything right, the others everything
wrong; afterwards the database is checked: exactly one submitted attempt per learner with
the expected score, exactly one certificate per passing learner, none for the others.

The driver is one asyncio loop with one aiohttp session for every learner (each learner's
cookies go in its own header), so it takes little of the machine it shares with the stack;
its CPU is printed beside the app's.
"""

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("open", "start", "save", "submit", "result", "claim")


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cec_site.settings.prod_local")
    import django

    django.setup()


def find_module(code):
    from courses.models import CoursePage, LessonPage
    from quizzes.models import QuizPage

    courses = CoursePage.objects.live()
    course = courses.filter(code=code).first() if code else courses.order_by("pk").first()
    if course is None:
        sys.exit(f"No live module {code!r}: run `make prod-local` first (it loads them).")
    lessons = [lesson.url for lesson in LessonPage.objects.child_of(course).live()]
    quiz = QuizPage.objects.child_of(course).live().get()
    return course, lessons, quiz


def make_learners(n):
    """N accounts with sessions in the real session store; returns (user pk, cookie)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    run = uuid.uuid4().hex[:8]
    User = get_user_model()
    learners = []
    for i in range(n):
        user = User.objects.create_user(
            email=f"load-{run}-{i}@load.example", first_name="Load", last_name=f"Learner {i}"
        )  # no password: hashing is timed separately below
        client = Client()
        client.force_login(user)
        learners.append((user.pk, client.cookies[settings.SESSION_COOKIE_NAME].value))
    return learners


def time_password_hash(samples=3):
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password("correct-horse-battery")
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        check_password("correct-horse-battery", encoded)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def answers_for(attempt_id, right):
    from quizzes.models import Attempt

    attempt = Attempt.objects.get(pk=attempt_id)
    answers = {}
    for question in attempt.questions:
        pick = [c["id"] for c in question["choices"] if bool(c["correct"]) == right]
        answers[question["id"]] = pick if right else pick[:1]
    return answers


class Stats:
    def __init__(self):
        self.latency = defaultdict(list)
        self.errors = defaultdict(int)
        self.error_samples = []
        self.last_start_served = None
        self.quiz_opens = None  # perf_counter() when the start window opens

    def add(self, step, seconds, ok, detail=""):
        self.latency[step].append(seconds)
        if not ok:
            self.errors[step] += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(f"{step}: {detail}")


class Browser:
    """One learner's side of the conversation: their cookies, sent on the run's shared
    aiohttp session (one connection pool for every learner keeps the driver's own CPU low)."""

    def __init__(self, http, base, cookies, stats):
        self.http, self.base, self.cookies, self.stats = http, base, dict(cookies), stats

    @property
    def csrf_headers(self):
        return {"X-CSRFToken": self.cookies.get("csrftoken", ""), "Referer": self.base + "/"}

    async def step(self, name, method, url, **kwargs):
        """Time one request; returns (status, location, body) or None when it failed."""
        cookie = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        headers = {"Cookie": cookie, **kwargs.pop("headers", {})}
        started = time.perf_counter()
        try:
            async with self.http.request(
                method, self.base + url, headers=headers, allow_redirects=False, **kwargs
            ) as response:
                body = await response.text()
                for key, morsel in response.cookies.items():
                    self.cookies[key] = morsel.value
                ok = response.status < 400
                detail = f"{response.status} {url}"
                result = (response.status, response.headers.get("Location", ""), body)
        except (TimeoutError, aiohttp.ClientError) as exc:
            ok, detail = False, f"{type(exc).__name__} {url}"
        self.stats.add(name, time.perf_counter() - started, ok, detail)
        return result if ok else None


async def learner(index, cookie, args, module, stats, http):
    course_url, lesson_urls, _quiz_url = module
    browser = Browser(http, args.base_url[index % len(args.base_url)], {"sessionid": cookie}, stats)
    await asyncio.sleep(random.uniform(0, args.reading_window))
    for url in [course_url, *lesson_urls]:
        await browser.step("open", "GET", url)
    start_at = stats.quiz_opens + random.uniform(0, args.start_window)
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    await take_quiz(browser, module, right=index % 4 != 0, args=args)


async def take_quiz(browser, module, *, right, args):
    """Start, answer, submit, see the result (and claim); the database is checked after."""
    from asgiref.sync import sync_to_async

    course_url, _lessons, quiz_url = module
    stats = browser.stats
    if await browser.step("start", "GET", quiz_url) is None:
        return
    started = await browser.step("start", "POST", quiz_url + "start/", headers=browser.csrf_headers)
    if started is None or "/attempt/" not in started[1]:
        return
    attempt_url = started[1]
    attempt_id = int(attempt_url.rstrip("/").rsplit("/", 1)[1])
    await browser.step("start", "GET", attempt_url)
    stats.last_start_served = max(
        stats.last_start_served or 0.0, time.perf_counter() - stats.quiz_opens
    )
    await asyncio.sleep(random.uniform(args.think_min, args.think_max))
    # Looked up after the first think time, so the driver stays out of the start burst.
    answers = await sync_to_async(answers_for)(attempt_id, right)
    given = []
    for number, (question_id, choices) in enumerate(answers.items()):
        if number:
            await asyncio.sleep(random.uniform(args.think_min, args.think_max))
        given += [(f"q-{question_id}", choice) for choice in choices]
        await browser.step(
            "save",
            "POST",
            attempt_url,
            data=[*given, ("action", "save")],
            headers=browser.csrf_headers,
        )
    await asyncio.sleep(random.uniform(args.think_min, args.think_max))
    submitted = await browser.step(
        "submit",
        "POST",
        attempt_url,
        data=[*given, ("action", "submit")],
        headers=browser.csrf_headers,
    )
    if submitted is not None and submitted[1]:
        await browser.step("result", "GET", submitted[1])
    if right:
        await claim(browser, course_url)


async def claim(browser, course_url):
    """What a passing learner does next on the module page: affirm the attestation (when the
    site asks for one) and claim the certificate."""
    page = await browser.step("claim", "GET", course_url)
    if page is None:
        return
    version = re.search(r'name="attestation_version" value="(\d+)"', page[2])
    data = {"affirm": "yes", "attestation_version": version.group(1)} if version else {}
    if version or 'action="' + course_url + 'certificate/"' in page[2]:
        await browser.step(
            "claim", "POST", course_url + "certificate/", data=data, headers=browser.csrf_headers
        )


def app_processes():
    import psutil

    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if "gunicorn" in cmdline or "db_worker" in cmdline:
            found.append(process)
    return found


def cpu_seconds(processes):
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            # Children reaped count too: gunicorn recycles workers after max_requests.
            total += times.user + times.system + times.children_user + times.children_system
        except Exception:  # noqa: BLE001, S112 (a worker recycled meanwhile)
            continue
    return total


def check_exact(learners, quiz):
    from certificates.models import Certificate
    from quizzes.models import Attempt

    exact, certified, passing = True, 0, 0
    course = quiz.get_parent()
    for index, (user_pk, _cookie) in enumerate(learners):
        right = index % 4 != 0
        submitted = list(Attempt.objects.filter(learner_id=user_pk, quiz=quiz, status="submitted"))
        if (
            len(submitted) != 1
            or Attempt.objects.filter(learner_id=user_pk, quiz=quiz).count() != 1
        ):
            exact = False
            continue
        attempt = submitted[0]
        if attempt.score_percent != (100 if right else 0) or attempt.passed != right:
            exact = False
        certificates = Certificate.objects.filter(learner_id=user_pk, course=course).count()
        passing += right
        certified += certificates
        if certificates != (1 if right else 0):
            exact = False
    return exact, certified, passing


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def drive(args, learners, module):
    stats = Stats()
    t0 = time.perf_counter()
    stats.quiz_opens = t0 + args.reading_window
    # No pool limit: every learner's request goes out at once, as a cohort's would.
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0),
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=60),
    ) as http:
        await asyncio.gather(
            *(
                learner(i, cookie, args, module, stats, http)
                for i, (_, cookie) in enumerate(learners)
            )
        )
    return stats, time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--think-min", type=float, default=30)
    parser.add_argument("--think-max", type=float, default=90)
    parser.add_argument("--start-window", type=float, default=10)
    parser.add_argument(
        "--reading-window",
        type=float,
        default=60,
        help="seconds over which learners open the module and lessons before the quiz opens",
    )
    parser.add_argument("--base-url", action="append")
    parser.add_argument("--module", help="module code (default: the first live module)")
    args = parser.parse_args()
    if args.learners < 1:
        parser.error("--learners must be at least 1")
    for name in ("think_min", "think_max", "start_window", "reading_window"):
        if getattr(args, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must not be negative")
    if args.think_min > args.think_max:
        parser.error("--think-min must not exceed --think-max")
    args.base_url = [url.rstrip("/") for url in (args.base_url or ["http://127.0.0.1:8000"])]

    django_setup()
    import logging

    from django.db import connection

    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per session made

    course, lessons, quiz = find_module(args.module)
    module = (course.url, lessons, quiz.url)
    print(f"module {course.code}: {len(lessons)} lessons, quiz {quiz.url}")
    started = time.perf_counter()
    learners = make_learners(args.learners)
    print(
        f"setup: {args.learners} accounts and sessions in {time.perf_counter() - started:.1f} s; "
        f"password hash check {time_password_hash():.0f} ms each (not in the figures below)"
    )
    connection.close()

    processes = app_processes()
    app_cpu0, driver_cpu0 = cpu_seconds(processes), time.process_time()
    stats, wall = asyncio.run(drive(args, learners, module))
    app_cpu = cpu_seconds(processes) - app_cpu0
    driver_cpu = time.process_time() - driver_cpu0

    print(f"\n{'step':8} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    all_latencies = []
    for name in STEPS:
        values = stats.latency.get(name, [])
        all_latencies += values
        print(
            f"{name:8} {len(values):6d} {stats.errors.get(name, 0):6d} "
            f"{percentile(values, 50) * 1000:8.1f} {percentile(values, 95) * 1000:8.1f} "
            f"{percentile(values, 99) * 1000:8.1f}"
        )
    for sample in stats.error_samples:
        print("  error:", sample)
    print(
        f"wall {wall:.1f} s; app processes ({len(processes)}) CPU {app_cpu:.1f} s "
        f"({app_cpu / wall * 100:.0f}% of one core); driver CPU {driver_cpu:.1f} s "
        f"({driver_cpu / wall * 100:.0f}%)"
    )

    exact, certified, passing = check_exact(learners, quiz)
    print(f"certificates: {certified} for {passing} passing learners (exactly one each)")
    errors = sum(stats.errors.values())
    p95 = max((percentile(stats.latency[s], 95) for s in STEPS if stats.latency.get(s)), default=0)
    print(
        f"{args.learners} learners, {errors} errors, p95 {p95 * 1000:.0f} ms, "
        f"starts served in {stats.last_start_served or 0:.1f} s, "
        f"attempts exact: {'yes' if exact else 'no'}"
    )


if __name__ == "__main__":
    main()
