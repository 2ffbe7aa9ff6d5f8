"""The embedded SQLite set-up copes with simultaneous clicks; odd search text is harmless."""

import threading
import time
from unittest import mock

from django.db import transaction
from django.db.utils import ConnectionHandler

import pytest

from cec_site.settings import base


def simultaneous_writers(tmp_path, count=2):
    """`count` requests that each read, think briefly and write, all started at once."""
    handler = ConnectionHandler(
        {"default": {**base.DATABASES["default"], "NAME": str(tmp_path / "db.sqlite3")}}
    )
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE attempt (number integer)")
    start = threading.Barrier(count)
    errors = []

    def click():
        try:
            start.wait(timeout=5)
            with transaction.atomic(), handler["default"].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM attempt")
                (taken,) = cursor.fetchone()
                time.sleep(0.2)
                cursor.execute("INSERT INTO attempt VALUES (%s)", [taken + 1])
        except Exception as exc:  # noqa: BLE001 - the failure is what is being counted
            errors.append(exc)
        finally:
            handler["default"].close()

    # transaction.atomic() looks its connection up by alias; point it at this database.
    with mock.patch.object(transaction, "get_connection", lambda using=None: handler["default"]):
        threads = [threading.Thread(target=click) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    with handler["default"].cursor() as cursor:
        cursor.execute("SELECT number FROM attempt ORDER BY number")
        numbers = [row[0] for row in cursor.fetchall()]
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    handler.close_all()
    return errors, numbers, mode


def test_simultaneous_writes_queue_up_instead_of_failing(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # a database of its own, not the test database
        errors, numbers, mode = simultaneous_writers(tmp_path)
    assert errors == []
    assert numbers == [1, 2]  # the second waited and saw the first one's row
    assert mode == "wal"


@pytest.mark.parametrize("query", ['"', 'bodywork"', '""', '" "', "'"])
def test_catalog_search_with_stray_quotes_answers_normally(client, launch_course, query):
    response = client.get("/courses/", {"q": query})
    assert response.status_code == 200
    if "bodywork" in query:
        assert launch_course.title in response.content.decode()
