"""Sending queued xAPI statements to the learning record store.

Each statement is PUT to `<endpoint>/statements?statementId=<id>`. Its id is stable, so a
repeat is a no-op for the LRS: 200/204, and 409 or "already exists", all count as
delivered. Network errors, 5xx and 429 leave the row pending with an exponential back-off
(1, 2, 4 … minutes, at most an hour) until LRS_MAX_ATTEMPTS; other 4xx answers fail it.

Several workers may run at once: a row is claimed by one conditional UPDATE (pending,
due, and its due time pushed out by a lease) before it is sent, so only one worker sends
it; a worker that dies mid-send leaves the row to be retried when the lease runs out.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

import requests

from certifying_bodies.xapi import XAPI_VERSION

from .conf import LrsSettings, lrs_enabled
from .models import StatementDelivery

Status = StatementDelivery.Status
MAX_BACKOFF = timedelta(hours=1)
ERROR_TEXT_LIMIT = 2000
BATCH_SIZE = 100


@dataclass(frozen=True)
class Outcome:
    delivered: bool = False
    transient: bool = False
    error: str = ""
    retry_after: int | None = None


def backoff(attempts: int, retry_after: int | None = None) -> timedelta:
    """Wait after the `attempts`-th failed try: 1, 2, 4 … minutes, capped at an hour."""
    delay = min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)
    if retry_after:
        delay = max(delay, min(timedelta(seconds=retry_after), MAX_BACKOFF))
    return delay


def _retry_after(response) -> int | None:
    value = response.headers.get("Retry-After", "")
    return int(value) if value.isdigit() else None


def send_statement(statement: dict, config: LrsSettings) -> Outcome:
    """One PUT of one statement; what the LRS said, as an Outcome."""
    try:
        response = requests.put(
            config.statements_url,
            params={"statementId": statement["id"]},
            json=statement,
            auth=(config.username, config.password) if config.username else None,
            headers={"X-Experience-API-Version": XAPI_VERSION},
            timeout=(config.connect_timeout, config.read_timeout),
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        return Outcome(transient=True, error=f"{type(exc).__name__}: {exc}")
    status = response.status_code
    text = response.text[:ERROR_TEXT_LIMIT]
    if 200 <= status < 300:
        return Outcome(delivered=True)
    if status == 409 or (400 <= status < 500 and "already exist" in text.lower()):
        return Outcome(delivered=True, error=f"HTTP {status}: the LRS already had it. {text}")
    if status == 429 or status >= 500:
        return Outcome(
            transient=True, error=f"HTTP {status}: {text}", retry_after=_retry_after(response)
        )
    return Outcome(error=f"HTTP {status}: {text}")


def _claim(pk, *, now, lease) -> bool:
    """Take the row for this worker; False when it is not due or another worker has it."""
    return bool(
        StatementDelivery.objects.filter(
            pk=pk, status=Status.PENDING, next_attempt_at__lte=now
        ).update(attempts=F("attempts") + 1, next_attempt_at=now + lease)
    )


def _record(delivery, outcome: Outcome, config: LrsSettings, *, now) -> str:
    rows = StatementDelivery.objects.filter(pk=delivery.pk, status=Status.PENDING)
    if outcome.delivered:
        rows.update(status=Status.DELIVERED, delivered_at=now, last_error=outcome.error)
        return "delivered"
    if outcome.transient and delivery.attempts < config.max_attempts:
        rows.update(
            next_attempt_at=now + backoff(delivery.attempts, outcome.retry_after),
            last_error=outcome.error,
        )
        return "retrying"
    rows.update(status=Status.FAILED, last_error=outcome.error)
    return "failed"


def deliver_one(pk, config: LrsSettings) -> tuple[str | None, Outcome | None]:
    """Claim, send and record one row: ("delivered" | "retrying" | "failed", outcome),
    or (None, None) when the row was not ours to send (not due, or another worker's)."""
    lease = timedelta(seconds=config.connect_timeout + config.read_timeout + 60)
    if not _claim(pk, now=timezone.now(), lease=lease):
        return None, None
    delivery = StatementDelivery.objects.get(pk=pk)
    outcome = send_statement(delivery.statement, config)
    return _record(delivery, outcome, config, now=timezone.now()), outcome


def deliver_due(*, ids=None, batch_size=BATCH_SIZE) -> Counter:
    """Send the due pending statements (only `ids`, if given), oldest first.

    Stops at the first network error, 5xx or 429: the LRS is down or busy, and the rows
    not yet tried stay due for the next run. Returns counts by outcome.
    """
    counts = Counter()
    if not lrs_enabled():
        return counts
    config = LrsSettings.from_settings()
    while True:
        due = StatementDelivery.objects.filter(
            status=Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        if ids is not None:
            due = due.filter(pk__in=ids)
        batch = list(due.order_by("id").values_list("pk", flat=True)[:batch_size])
        for pk in batch:
            result, outcome = deliver_one(pk, config)
            if result is None:
                continue
            counts[result] += 1
            if outcome.transient:
                return counts
        if len(batch) < batch_size:
            return counts


def retry_now(delivery, *, enqueue=True) -> bool:
    """Make a pending or failed row due now (failed ones become pending again)."""
    from .tasks import send_after_commit

    updated = StatementDelivery.objects.filter(
        pk=delivery.pk, status__in=[Status.PENDING, Status.FAILED]
    ).update(status=Status.PENDING, next_attempt_at=timezone.now())
    if updated and enqueue:
        send_after_commit([delivery.pk])
    return bool(updated)


def retry_failed() -> int:
    """Every failed row back to pending and due now (e.g. after fixing LRS credentials)."""
    return StatementDelivery.objects.filter(status=Status.FAILED).update(
        status=Status.PENDING, next_attempt_at=timezone.now()
    )
