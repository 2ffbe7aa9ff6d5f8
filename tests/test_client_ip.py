"""One rule for the client's address behind proxies: rate limits, lock-out and audit logs."""

from django.test import RequestFactory

from wagtail.models import ModelLogEntry

import pytest

from api.tokens import issue_api_token
from certificates.models import Certificate
from certifying_bodies.models import CertifyingBody
from core.client_ip import UNKNOWN, client_ip
from tests.certs import certified_course, pass_course

XFF = "HTTP_X_FORWARDED_FOR"


@pytest.fixture
def behind_proxy(settings):
    settings.CLIENT_IP_HEADER = XFF
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def address(header=None, remote="10.0.0.1"):
    meta = {"REMOTE_ADDR": remote}
    if header is not None:
        meta[XFF] = header
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("header", "proxies", "expected"),
    [
        (None, 1, "10.0.0.1"),  # no header: the proxy itself, not a crash
        ("", 1, "10.0.0.1"),
        ("203.0.113.9", 1, "203.0.113.9"),
        # The client wrote the left entry; our proxy appended the address it saw.
        ("198.51.100.1, 203.0.113.9", 1, "203.0.113.9"),
        ("198.51.100.1, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"),
        ("203.0.113.9", 2, "10.0.0.1"),  # fewer hops than our proxies: not through them
        ("not-an-address", 1, "10.0.0.1"),
        ("198.51.100.1, <script>", 1, "10.0.0.1"),
        (" 2001:db8::1 ", 1, "2001:db8::1"),
        (",,,", 1, "10.0.0.1"),
    ],
)
def test_the_client_is_the_entry_our_outermost_proxy_wrote(behind_proxy, header, proxies, expected):
    behind_proxy.TRUSTED_PROXY_COUNT = proxies
    assert address(header) == expected


def test_without_a_configured_header_the_header_is_ignored(settings):
    settings.CLIENT_IP_HEADER = None
    assert address("203.0.113.9") == "10.0.0.1"
    assert address(remote="") == UNKNOWN


@pytest.fixture
def certificate(catalog, learner):
    pass_course(learner, certified_course(catalog))
    return Certificate.objects.get()


@pytest.mark.parametrize("header", [None, "198.51.100.1, 203.0.113.9", "junk", "1.2.3.4.5"])
def test_certificate_lookups_behind_a_proxy_never_fail(client, certificate, behind_proxy, header):
    extra = {XFF: header} if header is not None else {}
    response = client.get(f"/certificates/{certificate.code}/", **extra)
    assert response.status_code == 200


def test_a_client_rotating_the_forwarded_header_is_still_limited(client, certificate, behind_proxy):
    behind_proxy.CERTIFICATE_LOOKUP_RATE = "3/h"
    statuses = [
        client.get(
            f"/certificates/{certificate.code}/", **{XFF: f"198.51.100.{n}, 203.0.113.9"}
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # Another client behind the same proxy has its own allowance.
    other = client.get(f"/certificates/{certificate.code}/", **{XFF: "203.0.113.10"})
    assert other.status_code == 200


def test_api_calls_are_audited_with_the_client_address(client, make_user, behind_proxy):
    body = CertifyingBody.objects.create(name="NFPT", code="NFPT", credits_per_hour=1)
    admin = make_user(is_staff=True, is_superuser=True)
    _, plain = issue_api_token(body=body, name="Records", user=admin)
    response = client.get(
        "/api/v1/completions",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
        **{XFF: "198.51.100.1, 203.0.113.9"},
    )
    assert response.status_code == 200
    entry = ModelLogEntry.objects.get(action="cec.api.call")
    assert entry.data["client_ip"] == "203.0.113.9"
