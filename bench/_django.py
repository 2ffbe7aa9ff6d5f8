"""Start Django for a benchmark on a fresh database (SQLite in a temp dir by default).

Set BENCH_DATABASE_URL to run against PostgreSQL, e.g. postgres://postgres@127.0.0.1/bench.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup():
    sys.path.insert(0, str(ROOT))
    workdir = tempfile.mkdtemp(prefix="cec-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cec_site.settings.test")
    os.environ["TEST_DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = workdir
    call_command("migrate", verbosity=0, interactive=False)
    call_command("setup_site", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return workdir


def median_ms(samples):
    return statistics.median(samples) * 1000


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def certified_world():
    """One module approved by two bodies (SMALL and BIG) and one learner who passed it the
    real way: (course, {code: body}, that learner's certificate), to model records on."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from certificates.models import Certificate
    from certifying_bodies.models import CertifyingBody, CourseApproval
    from courses.models import CourseIndexPage
    from tests.certs import pass_course
    from tests.factories import make_course

    course = make_course(CourseIndexPage.objects.get(), lessons=1)
    bodies = {}
    for code in ("SMALL", "BIG"):
        bodies[code] = CertifyingBody.objects.create(
            name=f"{code} board",
            code=code,
            credit_unit="CE",
            credits_per_hour=Decimal("1"),
            provider_number="50-12345",
        )
        CourseApproval.objects.create(
            course=course,
            body=bodies[code],
            approval_number="20-654321",
            valid_from=date.today() - timedelta(days=30),
        )
    first = get_user_model().objects.create_user(
        email="first@example.com", password="x", first_name="Fay", last_name="First"
    )
    pass_course(first, course)
    return course, bodies, Certificate.objects.get(learner=first)
