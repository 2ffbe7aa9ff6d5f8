"""Media on S3-compatible object storage, against a real S3 server (moto) on loopback."""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

import boto3
import pytest
from moto.server import ThreadedMotoServer

from cec_site.storage import S3_BACKEND, s3_media_storage
from certificates import pdf
from certificates.models import Certificate
from tests.certs import certified_course, pass_course

BUCKET = "cec-media"


@pytest.fixture(scope="module")
def s3_server():
    """A moto S3 server on a free loopback port, for this module's tests."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_env(s3_server):
    env = {
        "DJANGO_MEDIA_S3_BUCKET": BUCKET,
        "DJANGO_MEDIA_S3_ENDPOINT_URL": s3_server,
        "DJANGO_MEDIA_S3_REGION": "us-east-1",
        "DJANGO_MEDIA_S3_ACCESS_KEY_ID": "test-key",
        "DJANGO_MEDIA_S3_SECRET_ACCESS_KEY": "test-secret",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=BUCKET)
    yield env, client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def s3_media(settings, s3_env):
    """Django's default storage switched to the S3 backend, as production configures it."""
    env, client = s3_env
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage(env)}
    assert default_storage.__class__.__module__.startswith("storages.backends.s3")
    return env["DJANGO_MEDIA_S3_ENDPOINT_URL"], client


def anonymous_get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_no_bucket_means_local_files():
    assert s3_media_storage({}) is None
    assert s3_media_storage({"DJANGO_MEDIA_S3_BUCKET": " "}) is None


def test_bucket_settings_make_private_signed_storage():
    entry = s3_media_storage(
        {"DJANGO_MEDIA_S3_BUCKET": "b", "DJANGO_MEDIA_S3_ENDPOINT_URL": "http://s3.local:9000"}
    )
    assert entry["BACKEND"] == S3_BACKEND
    options = entry["OPTIONS"]
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] <= 900
    assert options["file_overwrite"] is False
    assert options["endpoint_url"] == "http://s3.local:9000"


def test_certificate_pdf_goes_to_the_bucket_privately_and_streams_through_the_app(
    s3_media, catalog, learner, client, django_capture_on_commit_callbacks
):
    endpoint, s3 = s3_media
    course = certified_course(catalog)
    with django_capture_on_commit_callbacks(execute=True):
        pass_course(learner, course)  # issuing enqueues the PDF task (inline in tests)
    certificate = Certificate.objects.get(learner=learner)

    keys = {
        obj["Key"] for obj in s3.list_objects_v2(Bucket=BUCKET, Prefix="certificates/")["Contents"]
    }
    letter = pdf.storage_name(certificate, "letter")
    assert keys == {letter}  # the default size at issue; A4 comes on its first download
    stored = s3.get_object(Bucket=BUCKET, Key=letter)["Body"].read()
    assert stored.startswith(b"%PDF")

    # Nobody reads the object without credentials: not public.
    status, _ = anonymous_get(f"{endpoint}/{BUCKET}/{letter}")
    assert status == 403
    grants = s3.get_object_acl(Bucket=BUCKET, Key=letter)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants), grants

    # The app streams the stored object after its own checks: the same bytes.
    response = client.get(reverse("certificates:pdf", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == stored

    # Served again from the bucket: no second copy is made.
    client.get(reverse("certificates:pdf", args=[certificate.code]))
    again = s3.list_objects_v2(Bucket=BUCKET, Prefix="certificates/")["Contents"]
    assert {obj["Key"] for obj in again} == keys

    # A4 on its first download: rendered (inline in tests) into the bucket, then streamed.
    response = client.get(reverse("certificates:pdf", args=[certificate.code]), {"size": "a4"})
    assert response.status_code == 200
    a4 = pdf.storage_name(certificate, "a4")
    assert response.content == s3.get_object(Bucket=BUCKET, Key=a4)["Body"].read()
    again = s3.list_objects_v2(Bucket=BUCKET, Prefix="certificates/")["Contents"]
    assert {obj["Key"] for obj in again} == {pdf.storage_name(certificate, s) for s in pdf.SIZES}


def test_uploads_are_private_and_reached_only_by_short_lived_signed_urls(s3_media):
    endpoint, s3 = s3_media
    name = default_storage.save("uploads/learner-1/notes.txt", ContentFile(b"private notes"))

    status, _ = anonymous_get(f"{endpoint}/{BUCKET}/{name}")
    assert status == 403

    signed = default_storage.url(name)
    query = parse_qs(urlsplit(signed).query)
    assert "X-Amz-Signature" in query
    assert int(query["X-Amz-Expires"][0]) <= 900
    assert anonymous_get(signed) == (200, b"private notes")

    # A second writer of the same name does not overwrite the first.
    other = default_storage.save("uploads/learner-1/notes.txt", ContentFile(b"other"))
    assert other != name
    assert s3.get_object(Bucket=BUCKET, Key=name)["Body"].read() == b"private notes"


def test_wagtail_images_use_the_bucket(s3_media, db):
    from wagtail.images.models import Image

    _, s3 = s3_media
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    image = Image.objects.create(title="Dot", file=ContentFile(png, name="dot.png"))
    keys = [obj["Key"] for obj in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert image.file.name in keys
