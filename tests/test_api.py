"""The certifying-body API: bearer tokens, scoping to one body, paging, CSV, audit, admin."""

import csv
import hashlib
import io
import json
import re

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from api.models import ApiToken
from api.queries import FIELDS, decode_cursor, encode_cursor
from api.tokens import issue_api_token, revoke_api_token
from certificates.issuing import revoke_certificate
from certificates.models import Certificate
from certifying_bodies.models import CertifyingBody
from records.models import CompletionRecord
from records.writing import write_completion_records
from tests.certs import approve, pass_course
from tests.factories import make_course

COMPLETIONS = "/api/v1/completions"


@pytest.fixture
def admin_user(make_user):
    return make_user(email="admin@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def world(catalog, make_user):
    """NFPT approved course A, ACE approved course B, both approved course C.

    One learner passes all three: NFPT holds records of A and C, ACE of B and C.
    """
    course_a = make_course(catalog, lessons=1)
    course_b = make_course(catalog, lessons=1)
    course_c = make_course(catalog, lessons=1)
    approve(course_a, code="NFPT")
    approve(course_b, code="ACE")
    approve(course_c, code="NFPT")
    approve(course_c, code="ACE")
    learner = make_user(first_name="Pat", last_name="Trainer")
    for course in (course_a, course_b, course_c):
        pass_course(learner, course)
    nfpt = CertifyingBody.objects.get(code="NFPT")
    ace = CertifyingBody.objects.get(code="ACE")
    certs = {c.course_id: c for c in Certificate.objects.all()}
    return {
        "nfpt": nfpt,
        "ace": ace,
        "courses": (course_a, course_b, course_c),
        "cert_a": certs[course_a.pk],
        "cert_b": certs[course_b.pk],
        "cert_c": certs[course_c.pk],
        "learner": learner,
    }


@pytest.fixture
def tokens(world, admin_user):
    nfpt_token, nfpt_plain = issue_api_token(body=world["nfpt"], name="NFPT", user=admin_user)
    ace_token, ace_plain = issue_api_token(body=world["ace"], name="ACE", user=admin_user)
    return {"nfpt": (nfpt_token, nfpt_plain), "ace": (ace_token, ace_plain)}


def bearer(plain):
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def get_json(client, url, plain, **params):
    response = client.get(url, params, **bearer(plain))
    return response, response.json()


def add_records(certificate, count, make_user):
    """More certificates of the same course (other learners), with their records."""
    created = []
    for _ in range(count):
        learner = make_user()
        new = Certificate.objects.create(
            learner=learner,
            course=certificate.course,
            attempt=certificate.attempt,
            completed_on=certificate.completed_on,
            snapshot={**certificate.snapshot, "learner_name": learner.get_full_name()},
        )
        write_completion_records(new)
        created.append(new)
    return created


# Tokens


def test_tokens_are_stored_hashed_and_the_plain_token_is_nowhere_in_the_db(world, admin_user):
    token, plain = issue_api_token(body=world["nfpt"], name="Records system", user=admin_user)
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert token.prefix == plain[:8] and len(plain) >= 43
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        rows = cursor.fetchall()
        cursor.execute("SELECT data FROM wagtailcore_modellogentry")
        logs = cursor.fetchall()
    assert plain not in repr(rows) and plain not in repr(logs)
    entry = ModelLogEntry.objects.get(action="cec.token.create")
    assert entry.object_id == str(world["nfpt"].pk) and entry.user == admin_user
    assert entry.data["token"] == token.prefix


def test_revoking_is_logged_and_the_token_kept(world, admin_user, tokens):
    token, plain = tokens["nfpt"]
    revoke_api_token(token=token, user=admin_user)
    token.refresh_from_db()
    assert token.revoked_at and token.revoked_by == admin_user
    entry = ModelLogEntry.objects.get(action="cec.token.revoke")
    assert entry.object_id == str(world["nfpt"].pk) and entry.data["token"] == token.prefix
    assert ApiToken.objects.filter(pk=token.pk).exists()


# Scoping


def test_a_token_lists_only_its_own_bodys_records(client, world, tokens):
    course_a, course_b, course_c = world["courses"]
    response, data = get_json(client, COMPLETIONS, tokens["nfpt"][1])
    assert response.status_code == 200
    assert sorted(r["course_code"] for r in data["results"]) == sorted(
        [course_a.code, course_c.code]
    )
    assert {r["approval_number"] for r in data["results"]} == {"NFPT-COURSE-9"}
    assert data["next_cursor"] is None

    response, data = get_json(client, COMPLETIONS, tokens["ace"][1])
    assert sorted(r["course_code"] for r in data["results"]) == sorted(
        [course_b.code, course_c.code]
    )
    assert world["cert_a"].code not in response.content.decode()


def test_a_record_carries_every_documented_field(client, world, tokens):
    _, data = get_json(client, COMPLETIONS, tokens["nfpt"][1], module=world["courses"][0].code)
    (row,) = data["results"]
    assert list(row) == list(FIELDS)
    certificate = world["cert_a"]
    assert row["learner_name"] == "Pat Trainer" and row["learner_email"] == world["learner"].email
    assert row["certificate_code"] == certificate.code and row["status"] == "valid"
    assert row["verification_url"].endswith(f"/certificates/{certificate.code}/")
    assert row["completion_date"] == certificate.completed_on.isoformat()
    assert row["contact_hours"] == "1.5" and row["credits"] == "1.5" and row["credit_unit"] == "CE"
    assert row["score_percent"] == "100" and row["provider_number"] == "NFPT-PROV-1"


def test_certificates_only_of_the_tokens_body(client, world, tokens):
    plain = tokens["nfpt"][1]
    response, data = get_json(client, f"/api/v1/certificates/{world['cert_a'].code}", plain)
    assert response.status_code == 200
    assert data["code"] == world["cert_a"].code and data["status"] == "valid"
    assert data["learner_name"] == "Pat Trainer"
    assert [a["body_code"] for a in data["approvals"]] == ["NFPT"]
    # Both bodies approved course C: both see its certificate, with both approvals.
    response, data = get_json(client, f"/api/v1/certificates/{world['cert_c'].code}", plain)
    assert response.status_code == 200 and len(data["approvals"]) == 2

    other, other_data = get_json(client, f"/api/v1/certificates/{world['cert_b'].code}", plain)
    missing, missing_data = get_json(client, "/api/v1/certificates/0000-0000-0000-0000", plain)
    assert other.status_code == 404 and missing.status_code == 404
    # The same answer whether the certificate is another body's or does not exist.
    assert set(other_data) == {"error"} and other_data == missing_data
    assert world["cert_b"].code not in other.content.decode()


def test_revoked_and_superseded_certificates_show_their_state(client, world, tokens, admin_user):
    revoke_certificate(world["cert_a"], reason="Identity not confirmed", user=admin_user)
    url = f"/api/v1/certificates/{world['cert_a'].code}"
    _, data = get_json(client, url, tokens["nfpt"][1])
    assert data["status"] == "revoked" and data["revoked_reason"] == "Identity not confirmed"
    assert data["revoked_at"]
    # Listing: valid ones by default; revoked ones on request.
    _, listing = get_json(client, COMPLETIONS, tokens["nfpt"][1])
    assert world["cert_a"].code not in [r["certificate_code"] for r in listing["results"]]
    _, revoked = get_json(client, COMPLETIONS, tokens["nfpt"][1], status="revoked")
    assert [r["certificate_code"] for r in revoked["results"]] == [world["cert_a"].code]
    assert revoked["results"][0]["status"] == "revoked"


# Authentication


def _tampered(plain):
    return plain[:-1] + ("A" if plain[-1] != "A" else "B")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Token {plain}",
        "Basic {plain}",
        "Bearer",
        "Bearer not-a-token",
        "Bearer {tampered}",
        "Bearer {revoked}",
    ],
)
@pytest.mark.parametrize("url", [COMPLETIONS, "/api/v1/certificates/{code}"])
def test_bad_credentials_get_401_json_with_a_bearer_challenge(
    client, world, tokens, admin_user, header, url
):
    token, plain = tokens["nfpt"]
    revoked, revoked_plain = issue_api_token(body=world["nfpt"], name="old", user=admin_user)
    revoke_api_token(token=revoked, user=admin_user)
    kwargs = {}
    if header is not None:
        kwargs["HTTP_AUTHORIZATION"] = header.format(
            plain=plain, tampered=_tampered(plain), revoked=revoked_plain
        )
    response = client.get(url.format(code=world["cert_a"].code), **kwargs)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"error"} and response.json()["error"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not ModelLogEntry.objects.filter(action="cec.api.call").exists()


def test_revoked_and_unknown_tokens_say_so(client, tokens, admin_user):
    token, plain = tokens["nfpt"]
    response = client.get(COMPLETIONS, **bearer(_tampered(plain)))
    assert "Unknown token" in response.json()["error"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    revoke_api_token(token=token, user=admin_user)
    response = client.get(COMPLETIONS, **bearer(plain))
    assert response.status_code == 401 and "revoked" in response.json()["error"]


def test_last_used_at_updates_on_each_call(client, tokens):
    token, plain = tokens["nfpt"]
    assert token.last_used_at is None
    client.get(COMPLETIONS, **bearer(plain))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(COMPLETIONS, **bearer(plain))
    token.refresh_from_db()
    assert token.last_used_at >= first


# Parameters


@pytest.mark.parametrize(
    "params, name",
    [
        ({"since": "2025-13-01"}, "since"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2025-02-30"}, "until"),
        ({"since": "2025-03-02", "until": "2025-03-01"}, "until"),
        ({"cursor": "not a cursor!"}, "cursor"),
        ({"cursor": "eDEy"}, "cursor"),  # valid base64 of something else
        ({"module": "NO-SUCH-MODULE"}, "module"),
        ({"limit": "0"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"status": "deleted"}, "status"),
    ],
)
def test_bad_parameters_get_400_naming_them(client, tokens, params, name):
    response = client.get(COMPLETIONS, params, **bearer(tokens["nfpt"][1]))
    assert response.status_code == 400
    data = response.json()
    assert name in data["error"] and name in data["fields"]


def test_a_module_of_another_body_is_unknown_here(client, world, tokens):
    course_b = world["courses"][1]
    response = client.get(COMPLETIONS, {"module": course_b.code}, **bearer(tokens["nfpt"][1]))
    assert response.status_code == 400 and "module" in response.json()["fields"]


def test_date_filters(client, world, tokens):
    day = world["cert_a"].completed_on.isoformat()
    _, data = get_json(client, COMPLETIONS, tokens["nfpt"][1], since=day, until=day)
    assert len(data["results"]) == 2
    _, data = get_json(client, COMPLETIONS, tokens["nfpt"][1], until="2000-01-01")
    assert data["results"] == []


def test_cursor_round_trip():
    assert decode_cursor(encode_cursor(12345)) == 12345
    assert "=" not in encode_cursor(7)


# Paging


def test_paging_returns_every_record_once_while_records_arrive(client, world, tokens, make_user):
    plain = tokens["nfpt"][1]
    add_records(world["cert_a"], 5, make_user)  # NFPT now holds 7 records
    before = set(
        CompletionRecord.objects.filter(body=world["nfpt"]).values_list(
            "certificate__code", flat=True
        )
    )
    assert len(before) == 7

    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        response, data = get_json(client, COMPLETIONS, plain, **params)
        assert response.status_code == 200 and len(data["results"]) <= 3
        seen += [row["certificate_code"] for row in data["results"]]
        pages += 1
        if pages == 1:
            # New completions between page fetches: they must come at the end.
            added = [c.code for c in add_records(world["cert_c"], 2, make_user)]
            # And a completion of another body must never show up.
            add_records(world["cert_b"], 1, make_user)
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)), "a record was returned twice"
    assert set(seen) == before | set(added)
    assert seen[-2:] == added
    assert pages == 3


def test_the_last_page_has_no_next_cursor(client, tokens):
    _, data = get_json(client, COMPLETIONS, tokens["nfpt"][1], limit=2)
    assert len(data["results"]) == 2 and data["next_cursor"] is None


# CSV


def test_csv_by_accept_header_with_a_next_link(client, world, tokens, make_user):
    plain = tokens["nfpt"][1]
    world["learner"].certificate_name = "=HYPERLINK(evil)"
    world["learner"].save()
    add_records(world["cert_a"], 1, make_user)
    first = Certificate.objects.filter(course=world["courses"][0]).order_by("pk").first()
    first.snapshot = {**first.snapshot, "learner_name": "=HYPERLINK(evil)"}
    first.save()

    response = client.get(COMPLETIONS, {"limit": 2}, HTTP_ACCEPT="text/csv", **bearer(plain))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"] and "Accept" in response["Vary"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == list(FIELDS) and len(rows) == 3
    assert rows[1][0] == "'=HYPERLINK(evil)"
    match = re.fullmatch(r'<(?P<url>[^>]+)>; rel="next"', response["Link"])
    assert match and "cursor=" in match["url"] and "limit=2" in match["url"]

    response = client.get(match["url"], HTTP_ACCEPT="text/csv", **bearer(plain))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2 and "Link" not in response
    # JSON is the default, and it carries the same Link header.
    response = client.get(COMPLETIONS, {"limit": 2}, **bearer(plain))
    assert response["Content-Type"].startswith("application/json") and "Link" in response


# OpenAPI


def test_openapi_description_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.content)
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/completions" in spec["paths"]
    assert "/api/v1/certificates/{code}" in spec["paths"]
    operation = spec["paths"]["/api/v1/completions"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {
        "since",
        "until",
        "module",
        "cursor",
        "limit",
    }
    assert "text/csv" in operation["responses"]["200"]["content"]
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert client.get("/api/v1/docs").status_code == 200


# Audit


def test_every_call_is_logged_against_the_body(client, world, tokens):
    token, plain = tokens["nfpt"]
    client.get(COMPLETIONS, {"module": world["courses"][0].code}, **bearer(plain))
    client.get(COMPLETIONS, {"since": "bad"}, **bearer(plain))
    client.get(f"/api/v1/certificates/{world['cert_b'].code}", **bearer(plain))
    client.get(f"/api/v1/certificates/{world['cert_a'].code}", **bearer(plain))
    entries = list(ModelLogEntry.objects.filter(action="cec.api.call").order_by("pk"))
    assert len(entries) == 4
    assert {e.object_id for e in entries} == {str(world["nfpt"].pk)}
    assert all(e.user is None and e.data["token"] == token.prefix for e in entries)
    ok, bad, other, cert = (e.data for e in entries)
    assert ok["path"] == COMPLETIONS and ok["rows"] == 1
    assert ok["filters"] == {"module": world["courses"][0].code}
    assert bad["status"] == 400 and bad["rows"] == 0
    assert other["status"] == 404 and cert["rows"] == 1
    assert cert["filters"] == {"code": world["cert_a"].code}


# Admin


def test_admin_issues_a_token_shown_once_lists_and_revokes_it(client, world, admin_user):
    client.force_login(admin_user)
    index = reverse("api_tokens:index")
    assert client.get(reverse("api_tokens:add")).status_code == 200
    response = client.post(reverse("api_tokens:add"), {"body": world["nfpt"].pk, "name": "Sync"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(name="Sync")
    plain = re.search(r'value="([A-Za-z0-9_-]{43})"', response.content.decode())[1]
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    # It works, and the list shows it (never the token itself) with its last use.
    assert client.get(COMPLETIONS, **bearer(plain)).status_code == 200
    listing = client.get(index).content.decode()
    assert token.prefix in listing and plain not in listing
    inspect = client.get(reverse("api_tokens:inspect", args=[token.pk])).content.decode()
    assert plain not in inspect

    revoke_url = reverse("api_tokens:revoke", args=[token.pk])
    assert client.get(revoke_url).status_code == 200
    assert client.post(revoke_url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == admin_user
    assert client.get(COMPLETIONS, **bearer(plain)).status_code == 401
    # Never edited or deleted.
    assert client.get(reverse("api_tokens:edit", args=[token.pk])).status_code in (302, 403)
    assert client.post(reverse("api_tokens:delete", args=[token.pk])).status_code in (302, 403)
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert ModelLogEntry.objects.filter(action="cec.token.create", user=admin_user).exists()


def test_admin_needs_the_token_permissions(client, world, make_user):
    staff = make_user(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    client.force_login(staff)
    assert client.get(reverse("api_tokens:index")).status_code in (302, 403)
    assert client.get(reverse("api_tokens:add")).status_code in (302, 403)

    group = Group.objects.create(name="Provider admins")
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="add_apitoken", content_type__app_label="api"),
        Permission.objects.get(codename="change_apitoken", content_type__app_label="api"),
    )
    staff.groups.add(group)
    staff = type(staff).objects.get(pk=staff.pk)  # drop the permission cache
    client.force_login(staff)
    assert client.get(reverse("api_tokens:index")).status_code == 200
    response = client.post(reverse("api_tokens:add"), {"body": world["ace"].pk, "name": "ACE"})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="ACE")
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 302
