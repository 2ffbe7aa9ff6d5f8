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
