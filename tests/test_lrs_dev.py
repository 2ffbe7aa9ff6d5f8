"""Dev runs tasks inline; an LRS that never answers must still not hold up a quiz submit."""

import socket
import threading
import time

import pytest

from cec_site.settings import base, dev
from lrs.models import StatementDelivery
from quizzes.models import Attempt, QuizPage
from tests.certs import approve, open_all_lessons
from tests.factories import make_course

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class SilentLrs:
    """Accepts connections on 127.0.0.1 and never answers until released."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.accepted.append(conn)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.getsockname()[1]}/xapi/"

    def release(self):
        self.server.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def silent_lrs(settings):
    lrs = SilentLrs()
    # Dev's own settings, with the LRS endpoint pointed at the silent server.
    settings.TASKS = dev.TASKS
    settings.LRS_BACKGROUND_THREAD = dev.LRS_BACKGROUND_THREAD
    settings.LRS_CONNECT_TIMEOUT = base.LRS_CONNECT_TIMEOUT
    settings.LRS_READ_TIMEOUT = base.LRS_READ_TIMEOUT
    settings.LRS_ENDPOINT = lrs.url
    yield lrs
    lrs.release()
    for thread in threading.enumerate():
        if thread.name == "lrs-delivery":
            thread.join(timeout=10)


def test_a_submit_returns_promptly_while_the_lrs_hangs(client, catalog, learner, silent_lrs):
    course = make_course(catalog, lessons=1)
    approve(course)
    open_all_lessons(learner, course)
    quiz = QuizPage.objects.child_of(course).get()
    client.force_login(learner)
    client.post(quiz.url + "start/")
    attempt = Attempt.objects.get()
    answers = {
        f"q-{q['id']}": [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions
    }

    started = time.monotonic()
    response = client.post(f"{quiz.url}attempt/{attempt.pk}/", {"action": "submit", **answers})
    elapsed = time.monotonic() - started

    assert response.status_code == 302 and response["Location"].endswith("/result/")
    # Issuing renders the PDF inline in dev (a second or two); the LRS would take 15 s.
    assert elapsed < base.LRS_READ_TIMEOUT / 2, f"the submit waited {elapsed:.1f}s"
    # The statements are safe in the outbox, and delivery was tried off the request.
    assert StatementDelivery.objects.filter(status="pending").count() == 2
    deadline = time.monotonic() + 5
    while not silent_lrs.accepted and time.monotonic() < deadline:
        time.sleep(0.05)
    assert silent_lrs.accepted
