import threading
import time

from django.db import OperationalError, connections, transaction
from django.utils import timezone

from django_tasks import task

from .conf import setting
from .delivery import deliver_due
from .models import StatementDelivery

Status = StatementDelivery.Status


@task()
def deliver_statements(delivery_ids=None):
    """Send due pending xAPI statements (only `delivery_ids`, if given). Idempotent: a row
    is claimed before it is sent, and delivered rows are never sent again."""
    return dict(deliver_due(ids=delivery_ids))


def retry_now(delivery, *, enqueue=True) -> bool:
    """Make a pending or failed row due now (failed ones become pending again)."""
    updated = StatementDelivery.objects.filter(
        pk=delivery.pk, status__in=[Status.PENDING, Status.FAILED]
    ).update(status=Status.PENDING, next_attempt_at=timezone.now())
    if updated and enqueue:
        send_after_commit([delivery.pk])
    return bool(updated)


def _deliver_on_thread(delivery_ids, *, tries=5):
    # Dev's SQLite lets one writer at a time; the request may still be writing (a PDF, an
    # e-mail record) when this thread starts, so a locked database is worth a short wait.
    try:
        for attempt in range(tries):
            try:
                deliver_statements.call(delivery_ids=delivery_ids)
                return
            except OperationalError:
                if attempt == tries - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
    finally:
        connections.close_all()  # this thread's own connections


def send_after_commit(delivery_ids):
    """Send the rows once the current transaction commits, never inside the request.

    The task goes to the worker. Where tasks run inline (dev's ImmediateBackend), an LRS
    that accepts but never answers would hold the learner's page for the read timeout, so
    with LRS_BACKGROUND_THREAD (dev) the task runs on a thread of its own instead.
    """

    def send():
        if setting("LRS_BACKGROUND_THREAD"):
            threading.Thread(
                target=_deliver_on_thread, args=(delivery_ids,), name="lrs-delivery"
            ).start()
        else:
            deliver_statements.enqueue(delivery_ids=delivery_ids)

    transaction.on_commit(send)
