"""Self-reported external CE: bad input refused with nothing stored; owner-only files."""

import os
import re
from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from certifying_bodies.models import CertifyingBody, LearnerCredential
from home.site_setup import ensure_launch_bodies
from renewals.models import ExternalCredit

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def upload(name, content):
    return SimpleUploadedFile(name, content, "application/pdf")


def stored_files():
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(
        os.path.join(path, name) for path, _dirs, names in os.walk(root) for name in names
    )


@pytest.fixture
def certified(client, learner):
    ensure_launch_bodies()
    body = CertifyingBody.objects.get(code="ACE")
    LearnerCredential.objects.create(
        learner=learner, body=body, credential_number="A1", certified_on=date(2025, 6, 1)
    )
    client.force_login(learner)
    return body


def post(client, body, *, file=None, **fields):
    data = {
        "body": body.pk,
        "title": "Live kettlebell workshop",
        "provider": "Gym Co",
        "completed_on": (date.today() - timedelta(days=2)).isoformat(),
        "credits": "0.5",
        "delivery": "live",
        **fields,
    }
    if file is not None:
        data["certificate_file"] = file
    return client.post("/dashboard/renewal/external/add/", data)


@pytest.mark.parametrize(
    "fields, file, message",
    [
        ({"credits": "-1"}, None, "more than zero"),
        ({"credits": "0"}, None, "more than zero"),
        ({"credits": "150"}, None, "check the number"),
        ({"completed_on": (date.today() + timedelta(days=1)).isoformat()}, None, "future"),
        ({}, upload("cert.pdf", b"MZ\x90\x00 not a pdf"), "PDF, PNG or JPEG"),
        ({}, upload("cert.png", b"<svg onload=alert(1)>"), "PDF, PNG or JPEG"),
        ({}, upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024)), "larger than 10 MB"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_stored(client, certified, fields, file, message):
    before = stored_files()
    response = post(client, certified, file=file, **fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "was not recorded" in html
    assert not ExternalCredit.objects.exists()
    assert stored_files() == before


def test_a_body_the_learner_holds_no_certification_with_is_refused(client, certified):
    other = CertifyingBody.objects.get(code="NASM")
    response = post(client, other)
    assert response.status_code == 200 and not ExternalCredit.objects.exists()


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("c.pdf", PDF, "application/pdf"),
        ("c.png", PNG, "image/png"),
        ("c.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_owner_only_download(client, certified, make_user, name, content, content_type):
    # The browser's claimed type is ignored: the stored type is what the bytes show.
    file = SimpleUploadedFile(name, content, "application/octet-stream")
    assert post(client, certified, file=file).status_code == 302
    credit = ExternalCredit.objects.get()
    assert credit.file_content_type == content_type
    assert credit.certificate_file.name.startswith(f"external-ce/{credit.learner_id}/")
    # An unguessable stored name: 32 random hex digits, nothing of the learner's file name.
    stored = PurePath(credit.certificate_file.name)
    assert re.fullmatch(r"[0-9a-f]{32}", stored.stem) and stored.suffix == PurePath(name).suffix
    assert not credit.certificate_file.path.startswith(str(settings.MEDIA_ROOT))
    url = f"/dashboard/renewal/external/{credit.pk}/file"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == content
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    # Someone else: 404, as if it did not exist; nobody signed in: to the log-in page.
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    html = client.get(f"/media/{credit.certificate_file.name}").content
    assert html != content


def test_recorded_credit_is_marked_self_reported_and_removable(client, certified):
    assert post(client, certified).status_code == 302
    html = client.get("/dashboard/").content.decode()
    assert "Live kettlebell workshop" in html and "Self-reported" in html
    credit = ExternalCredit.objects.get()
    assert client.get(f"/dashboard/renewal/external/{credit.pk}/delete/").status_code == 405
    assert client.post(f"/dashboard/renewal/external/{credit.pk}/delete/").status_code == 302
    assert not ExternalCredit.objects.exists()


def test_without_a_certification_the_form_says_where_to_add_one(client, learner):
    client.force_login(learner)
    html = client.get("/dashboard/renewal/external/add/").content.decode()
    assert "First add a certification" in html
