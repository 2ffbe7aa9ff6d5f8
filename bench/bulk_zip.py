"""Bulk certificate ZIP: time and peak memory for 100 vs 1,000 certificates.

Certifies one learner through the real quiz flow (its PDF is rendered by WeasyPrint and
stored), then bulk-creates 999 more certificates and completion records modelled on it,
each with a stored copy of that real PDF. Body SMALL has the first 100 records, BIG all
1,000. For each, `records.bulk.iter_zip` streams the ZIP into a byte counter:

- time: median of --repeat runs without tracemalloc;
- peak memory: tracemalloc's peak (Python allocations) over one separate run.

Target: peak at 1,000 <= 1.2x peak at 100 (memory flat while streaming).

    .venv/bin/python bench/bulk_zip.py [--records 1000] [--small 100] [--repeat 3]
"""

import argparse
import statistics
import time
import tracemalloc
from decimal import Decimal

from _django import certified_world, setup


def build(records, small):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction

    from certificates import pdf
    from certificates.models import Certificate
    from records.models import CompletionRecord

    User = get_user_model()
    course, bodies, template = certified_world()
    pdf_data = pdf.pdf_bytes(template)
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(email=f"learner{n}@example.com", first_name="L", last_name=str(n), password="!")
            for n in range(1, records)
        )
        certificates = [template] + Certificate.objects.bulk_create(
            Certificate(
                learner=user,
                course=course,
                attempt=template.attempt,
                issued_at=template.issued_at,
                completed_on=template.completed_on,
                snapshot={**template.snapshot, "learner_name": f"Learner Number {n}"},
            )
            for n, user in enumerate(users, start=1)
        )
        CompletionRecord.objects.filter(certificate=template).delete()
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
            for n, certificate in enumerate(certificates)
            for code, body in bodies.items()
            if code == "BIG" or n < small
        )
    for certificate in certificates[1:]:
        default_storage.save(pdf.storage_name(certificate, pdf.DEFAULT_SIZE), ContentFile(pdf_data))
    return bodies, len(pdf_data)


def stream(selection):
    from records.bulk import iter_zip

    size = 0
    for chunk in iter_zip(selection):
        size += len(chunk)
    return size


def peak(selection):
    tracemalloc.start()
    tracemalloc.reset_peak()
    stream(selection)
    result = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup()
    from records.bulk import BulkSelection

    bodies, pdf_size = build(args.records, args.small)
    print(f"{args.records} certificates, stored PDF {pdf_size / 1024:.1f} KiB each")
    results = {}
    for code, count in (("SMALL", args.small), ("BIG", args.records)):
        selection = BulkSelection(body=bodies[code])
        stream(selection)  # warm up
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            size = stream(selection)
            times.append(time.perf_counter() - start)
        results[count] = (statistics.median(times), size, peak(selection))
        seconds, size, top = results[count]
        print(
            f"{count:>6} certificates: {seconds * 1000:8.0f} ms median, "
            f"ZIP {size / 1024 / 1024:6.1f} MiB, peak {top / 1024:7.0f} KiB "
            f"({count / seconds:.0f} certificates/s)"
        )
    ratio = results[args.records][2] / results[args.small][2]
    verdict = "OK" if ratio <= 1.2 else "OVER TARGET"
    print(f"peak memory {args.records} / {args.small}: {ratio:.2f}x (target <= 1.2x) {verdict}")


if __name__ == "__main__":
    main()
