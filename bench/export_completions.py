"""CSV export of 10,000 and 100,000 completion records against a raw SQL baseline.

Builds one course, certifies one learner through the real quiz flow, then bulk-creates
100,000 more learners, attempts, certificates and completion records modelled on it (every
second learner with a licence number). Two bodies share the records: SMALL has the first
10,000, BIG all 100,000, so both exports run the same query over different row counts.

For each size it measures:
- export: `write_export(flt, "csv", file)`, the code the command and the admin run;
- raw: the SELECT the export runs (compiled from `records.csv_rows.csv_query(flt)`, so the
  same joins and columns) run on `connection.cursor()`, its rows fetched 2,000 at a time
  and written as they come by `csv.writer`, no formatting at all.
Times are medians of --repeat runs without tracemalloc; peak memory (tracemalloc, Python
allocations) comes from one separate run of each. Output goes to a file on disk.

Targets (DESIGN.md): export time <= 2x raw at 100k; export peak memory at 100k <= 1.2x
its peak at 10k.

    .venv/bin/python bench/export_completions.py [--records 100000] [--repeat 3]
"""

import argparse
import csv
import os
import statistics
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal

from _django import certified_world, setup

BATCH = 5000


def build(records):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from certificates.models import Certificate
    from certifying_bodies.models import LearnerCredential
    from quizzes.models import Attempt
    from records.models import CompletionRecord

    User = get_user_model()
    course, bodies, template = certified_world()
    attempt = template.attempt
    now = timezone.now()

    start = time.perf_counter()
    with transaction.atomic():
        for offset in range(0, records, BATCH):
            numbers = range(offset, min(offset + BATCH, records))
            users = User.objects.bulk_create(
                User(
                    email=f"learner{n}@example.com",
                    first_name="Learner",
                    last_name=f"Number {n}",
                    password="!",
                )
                for n in numbers
            )
            attempts = Attempt.objects.bulk_create(
                Attempt(
                    quiz_id=attempt.quiz_id,
                    learner=user,
                    number=1,
                    questions=[],
                    status="submitted",
                    pass_mark=attempt.pass_mark,
                    started_at=now - timedelta(minutes=20),
                    submitted_at=now - timedelta(minutes=2),
                    score_points=Decimal(9),
                    max_points=Decimal(10),
                    score_percent=Decimal(90),
                    passed=True,
                )
                for user in users
            )
            certificates = Certificate.objects.bulk_create(
                Certificate(
                    learner=user,
                    course=course,
                    attempt=user_attempt,
                    issued_at=now,
                    completed_on=date.today() - timedelta(days=n % 365),
                    snapshot={**template.snapshot, "learner_name": f"Learner Number {n}"},
                )
                for n, user, user_attempt in zip(numbers, users, attempts, strict=True)
            )
            LearnerCredential.objects.bulk_create(
                LearnerCredential(
                    learner=user,
                    body=body,
                    credential_number=f"MA{n:07d}",
                    licence_state="FL",
                    profession="LMT",
                )
                for n, user in zip(numbers, users, strict=True)
                if n % 2 == 0
                for code, body in bodies.items()
                if code == "BIG" or n < 10_000
            )
            CompletionRecord.objects.bulk_create(
                CompletionRecord(
                    certificate=certificate,
                    body=body,
                    course=course,
                    learner_id=certificate.learner_id,
                    completed_on=certificate.completed_on,
                    approval_number="20-654321",
                    provider_number="50-12345",
                    credits=Decimal("1.5"),
                    credit_unit="CE",
                )
                for n, certificate in zip(numbers, certificates, strict=True)
                for code, body in bodies.items()
                if code == "BIG" or n < 10_000
            )
    print(
        f"built {records:,} learners, certificates and records in "
        f"{time.perf_counter() - start:.1f} s"
    )
    return bodies


def export_csv(flt, path):
    from records.exports import write_export

    with open(path, "w", encoding="utf-8", newline="") as out:
        return write_export(flt, "csv", out).rows


def raw_csv(flt, path):
    from django.db import connection

    from records.csv_rows import csv_query

    sql, params = csv_query(flt).query.sql_with_params()
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as out, connection.cursor() as cursor:
        writer = csv.writer(out)
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            writer.writerows(rows)
            count += len(rows)
    return count


def measure(fn, flt, path, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = fn(flt, path)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn(flt, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, statistics.median(times), peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    workdir = setup()
    from django.db import connection

    from records.completions import RecordFilter

    bodies = build(args.records)
    path = os.path.join(workdir, "export.csv")
    export_csv(RecordFilter(body=bodies["SMALL"]), path)  # warm up
    raw_csv(RecordFilter(body=bodies["SMALL"]), path)

    results = {}
    for code in ("SMALL", "BIG"):
        flt = RecordFilter(body=bodies[code])
        results[code] = {
            "export": measure(export_csv, flt, path, args.repeat),
            "raw": measure(raw_csv, flt, path, args.repeat),
        }

    mib = 1024 * 1024
    print(
        f"\nCSV export, {connection.vendor}, median of {args.repeat} runs; "
        "peak = tracemalloc peak of one run"
    )
    print(
        f"{'records':>9}  {'export s':>9}  {'raw s':>7}  {'ratio':>6}  "
        f"{'export peak MiB':>15}  {'raw peak MiB':>12}"
    )
    for code in ("SMALL", "BIG"):
        rows, export_time, export_peak = results[code]["export"]
        raw_rows, raw_time, raw_peak = results[code]["raw"]
        assert rows == raw_rows, (rows, raw_rows)
        print(
            f"{rows:>9,}  {export_time:>9.2f}  {raw_time:>7.2f}  "
            f"{export_time / raw_time:>5.2f}x  {export_peak / mib:>15.2f}  {raw_peak / mib:>12.2f}"
        )
    big, small = results["BIG"], results["SMALL"]
    time_ratio = big["export"][1] / big["raw"][1]
    memory_ratio = big["export"][2] / small["export"][2]
    print(
        f"\nexport / raw time at {big['export'][0]:,}: {time_ratio:.2f}x (target <= 2x) "
        f"{'OK' if time_ratio <= 2 else 'MISSED'}"
    )
    print(
        f"export peak memory {big['export'][0]:,} / {small['export'][0]:,}: "
        f"{memory_ratio:.2f}x (target <= 1.2x) {'OK' if memory_ratio <= 1.2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
