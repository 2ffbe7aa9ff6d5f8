"""Control characters in an address are refused in one place; /api/ always answers JSON."""

from django.contrib.auth.models import Group, Permission
from django.urls import path

import pytest

from api.tokens import issue_api_token
from certifying_bodies.models import CertifyingBody
from courses.models import CoursePage


@pytest.fixture
def token(db, make_user):
    body = CertifyingBody.objects.create(name="NFPT", code="NFPT", credits_per_hour=1)
    _, plain = issue_api_token(body=body, name="Records", user=make_user())
    return plain


@pytest.fixture
def provider_admin(make_user):
    user = make_user(is_staff=True)
    group, _ = Group.objects.get_or_create(name="Provider admins")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_completionrecord"),
    )
    user.groups.add(group)
    return user


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "x\x1b[2J", "\x7f"])
@pytest.mark.parametrize("param", ["q", "topic"])
def test_catalog_filters_with_control_characters_are_a_400_page(client, catalog, param, value):
    response = client.get("/courses/", {param: value})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("param", ["since", "until", "module", "status", "cursor", "limit", "x"])
def test_api_parameters_with_a_nul_are_a_json_400(client, token, param):
    response = client.get(
        "/api/v1/completions", {param: "2025\x00"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 400
    assert "control characters" in response.json()["detail"]


def test_a_nul_in_an_api_path_is_a_json_400(client, token):
    response = client.get("/api/v1/certificates/AB%00CD", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and response.json()["detail"]


def test_completion_report_filters_with_a_nul_are_a_400(client, provider_admin):
    client.force_login(provider_admin)
    response = client.get("/admin/completion-records/", {"module": "CEC\x00", "since": "\x00"})
    assert response.status_code == 400


def test_ordinary_text_still_passes(client, catalog):
    response = client.get("/courses/", {"q": "scope\tof practice"})
    assert response.status_code == 200


# --- /api/ answers JSON --------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/v1/nothing-here", "/api/v2/completions", "/api/", "/api/v1/completions/x/y"]
)
def test_unknown_api_paths_are_json_404s(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def test_a_wrong_method_is_a_json_405(client, token):
    response = client.post("/api/v1/completions", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "POST" in response.json()["error"] and "GET" in response["Allow"]


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/v1/boom", boom), path("boom", boom)]
handler500 = "cec_site.errors.server_error"


@pytest.mark.urls(__name__)
def test_a_server_error_under_api_is_json(client, db):
    client.raise_request_exception = False
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json" and response.json()["error"]
    page = client.get("/boom")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_a_page_404_stays_a_page(client, catalog):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    assert CoursePage.objects.count() == 0
