"""'Add to LinkedIn': the add-to-profile URL decodes to the certificate's values, and only
the certificate's learner is offered it."""

import html
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from certificates.linkedin import linkedin_add_url, linkedin_params
from certificates.models import Certificate, ProviderSettings
from tests.certs import certified_course, pass_course

LINK = re.compile(r'href="(https://www\.linkedin\.com/profile/add\?[^"]+)"')


@pytest.fixture
def certificate(catalog, learner):
    course = certified_course(catalog)
    course.title = "Scope & Practice: Trainers + Bodywork #1 — Ünïcode"
    course.save_revision().publish()
    provider = ProviderSettings.load()
    provider.name = "CEC Platform & Partners, Inc."
    provider.save()
    pass_course(learner, course)
    return Certificate.objects.get(learner=learner)


def decoded(url):
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    query = parse_qs(parts.query, strict_parsing=True)
    assert all(len(values) == 1 for values in query.values())
    return {key: values[0] for key, values in query.items()}


def test_url_decodes_to_the_certificate_values(certificate):
    url = linkedin_add_url(certificate)
    assert " " not in url and "+" not in urlsplit(url).query  # spaces are %20
    params = decoded(url)
    snapshot = certificate.snapshot
    done = certificate.completed_on
    assert params == {
        "startTask": "CERTIFICATION_NAME",
        "name": snapshot["course_title"],
        "organizationName": snapshot["provider"]["name"],
        "issueYear": str(done.year),
        "issueMonth": str(done.month),
        "certUrl": f"http://testserver/certificates/{certificate.code}/",
        "certId": certificate.code,
    }
    assert params["name"] == "Scope & Practice: Trainers + Bodywork #1 — Ünïcode"
    assert params["organizationName"] == "CEC Platform & Partners, Inc."


def test_expiry_is_sent_when_the_certificate_expires(certificate):
    certificate.valid_until = date(2028, 11, 30)
    params = decoded(linkedin_add_url(certificate))
    assert (params["expirationYear"], params["expirationMonth"]) == ("2028", "11")
    certificate.valid_until = None
    assert "expirationYear" not in linkedin_params(certificate)


def test_owner_sees_the_link_on_the_verification_page(client, certificate, learner):
    client.force_login(learner)
    response = client.get(f"/certificates/{certificate.code}/")
    assert "Cookie" in response["Vary"]  # a shared cache must not serve it to others
    page = response.content.decode()
    links = LINK.findall(page)
    assert len(links) == 1
    assert html.unescape(links[0]) == linkedin_add_url(certificate)
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_owner_sees_the_link_on_the_dashboard(client, certificate, learner):
    client.force_login(learner)
    page = client.get("/dashboard/").content.decode()
    links = LINK.findall(page)
    assert [html.unescape(link) for link in links] == [linkedin_add_url(certificate)]


def test_other_visitors_do_not_see_the_link(client, certificate, make_user):
    url = f"/certificates/{certificate.code}/"
    assert "linkedin.com" not in client.get(url).content.decode()  # anonymous
    client.force_login(make_user())
    assert "linkedin.com" not in client.get(url).content.decode()  # another learner
    other_dashboard = client.get("/dashboard/").content.decode()
    assert "linkedin.com" not in other_dashboard


def test_no_link_for_a_revoked_certificate(client, certificate, learner):
    from django.utils import timezone

    Certificate.objects.filter(pk=certificate.pk).update(
        status="revoked", revoked_at=timezone.now(), revoked_reason="test"
    )
    client.force_login(learner)
    assert "linkedin.com" not in client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "linkedin.com" not in client.get("/dashboard/").content.decode()
