"""Health endpoints for load balancers and monitoring (django-health-check).

`/health/` checks everything a node depends on: the database, the cache, media storage
and the task backlog (ready tasks waiting longer than `HEALTH_TASK_BACKLOG_MINUTES` mean
no worker is keeping up). `/health/node/` checks only what decides whether *this* node can
serve (database and cache, a `SELECT 1` and one cache round trip): point the load
balancer there, so a stalled worker or a storage outage alerts without emptying the pool.
"""

import dataclasses
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class TaskBacklog(HealthCheck):
    """Fails when a ready background task has waited longer than `minutes`."""

    minutes: int | None = None

    def run(self):
        if not apps.is_installed("django_tasks_db"):
            return  # tasks run inline (dev, tests): there is no queue to fall behind
        from django_tasks_db.models import DBTaskResult

        minutes = self.minutes or getattr(settings, "HEALTH_TASK_BACKLOG_MINUTES", 10)
        oldest = timezone.now() - timedelta(minutes=minutes)
        try:
            stale = DBTaskResult.objects.ready().filter(enqueued_at__lt=oldest).count()
        finally:
            # Checks run in executor threads: do not leave their connections open.
            connection.close()
        if stale:
            raise ServiceUnavailable(
                f"{stale} task(s) ready for more than {minutes} minutes: is a worker running?"
            )


ALL_CHECKS = (Database, Cache, Storage, TaskBacklog)
NODE_CHECKS = (Database, Cache)


class HealthView(HealthCheckView):
    checks = ALL_CHECKS


class NodeHealthView(HealthCheckView):
    checks = NODE_CHECKS
