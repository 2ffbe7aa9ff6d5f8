"""Schema-driven fuzzing of the body API: no 5xx, every answer as documented, errors JSON."""

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from api.models import ApiToken
from api.queries import encode_cursor
from api.tokens import hash_token, issue_api_token
from api.v1 import api
from certifying_bodies.models import CertifyingBody
from tests.certs import approve, pass_course
from tests.factories import make_course

EXAMPLES_PER_OPERATION = 250


# A fixed token, so schemathesis's auth provider (below) can hand it to every case.
FUZZ_TOKEN = "fuzz-" + "x" * 38


@pytest.fixture
def token(catalog, make_user):
    """A body with one completion record, so successful pages are generated too."""
    course = make_course(catalog, lessons=1)
    approve(course, code="NFPT")
    pass_course(make_user(), course)
    body = CertifyingBody.objects.get(code="NFPT")
    token, _ = issue_api_token(body=body, name="Fuzz", user=make_user())
    ApiToken.objects.filter(pk=token.pk).update(
        token_hash=hash_token(FUZZ_TOKEN), prefix=FUZZ_TOKEN[:8]
    )
    return FUZZ_TOKEN


# The document /api/v1/openapi.json serves, built in-process; calls go to the WSGI app.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: the WSGI handler's end-of-request signal would close
    the connection holding the test's transaction (PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.auth()
class BearerToken:
    def get(self, case, ctx):
        return FUZZ_TOKEN

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def errors_are_json(ctx, response, case):
    """Every 4xx/5xx carries a JSON object with an `error` message."""
    if response.status_code >= 400:
        headers = {name.lower(): values for name, values in response.headers.items()}
        assert headers.get("content-type", [""])[0].startswith("application/json")
        body = response.json()
        assert isinstance(body, dict) and body.get("error"), body


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_documented(case, token):
    case.call_and_validate(
        additional_checks=[errors_are_json],
        # Some refusals depend on more than one parameter or on the data (until before
        # since, a module the body did not approve, a cursor it never issued), which a
        # schema cannot say: a documented 400 for those is the right answer.
        excluded_checks=[positive_data_acceptance],
    )


def test_a_cursor_with_stray_characters_is_refused(client, token):
    # base64 decoding skips characters outside its alphabet; found by the fuzzing above.
    cursor = encode_cursor(1)
    for junk in (f"{cursor}!!!!", f"!!!!{cursor}", f"{cursor[:1]}!.!.{cursor[1:]}"):
        response = client.get(
            "/api/v1/completions", {"cursor": junk}, HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code == 400, junk
        assert response.json()["fields"] == {"cursor": "not a cursor this API returned."}
