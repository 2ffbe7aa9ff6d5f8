"""/health/ for load balancers: database, cache, storage and the task backlog."""

from datetime import timedelta

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult
from health_check.checks import Cache, Database, Storage

from cec_site.health import HealthView, NodeHealthView, TaskBacklog
from certificates.tasks import render_certificate_pdfs

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def health(client, name="health"):
    return client.get(reverse(name), HTTP_ACCEPT="application/json")


def test_every_check_is_registered():
    assert set(HealthView.checks) == {Database, Cache, Storage, TaskBacklog}
    # The load balancer's probe: only what decides whether this node can serve.
    assert set(NodeHealthView.checks) == {Database, Cache}


def test_healthy_stack_answers_200_with_each_check(client):
    response = health(client)
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body) == 4
    assert set(body.values()) == {"OK"}
    assert response["Cache-Control"].startswith("max-age=0")
    assert health(client, "health_node").status_code == 200


def test_database_down_answers_500(client, monkeypatch):
    def refuse(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "temporary_connection", refuse)
    for name in ("health", "health_node"):
        response = health(client, name)
        assert response.status_code == 500
        assert any("Unavailable" in value for value in response.json().values())


def test_old_ready_tasks_fail_the_backlog_check(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEALTH_TASK_BACKLOG_MINUTES = 10
    render_certificate_pdfs.enqueue(0)
    assert health(client).status_code == 200, "a fresh task is no backlog"

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=11))
    response = health(client)
    assert response.status_code == 500
    assert "ready for more than 10 minutes" in " ".join(response.json().values())
    # The node probe ignores the queue: a stalled worker does not empty the pool.
    assert health(client, "health_node").status_code == 200
