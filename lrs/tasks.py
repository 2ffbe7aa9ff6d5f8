from django_tasks import task


@task()
def deliver_statements(delivery_ids=None):
    """Send due pending xAPI statements (only `delivery_ids`, if given). Idempotent: a row
    is claimed before it is sent, and delivered rows are never sent again."""
    from .delivery import deliver_due

    return dict(deliver_due(ids=delivery_ids))
