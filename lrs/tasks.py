from django.db import transaction
from django.utils import timezone

from django_tasks import task

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
        pk = delivery.pk
        transaction.on_commit(lambda: deliver_statements.enqueue(delivery_ids=[pk]))
    return bool(updated)
