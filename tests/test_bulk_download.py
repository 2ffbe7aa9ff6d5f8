"""Certificate PDFs as one streamed ZIP: contents match the manifest, scope like the
completion report, audited, memory flat."""

import csv
import io
import tracemalloc
import zipfile
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest

from certificates import pdf
from certificates.models import Certificate
from records.bulk import MANIFEST_HEADER, BulkSelection, iter_zip
from records.models import CompletionRecord
from tests.certs import pass_course
from tests.test_completion_report import body_staff, provider_admin
from tests.test_exports import add_records, licensed, state_board_course

SCREEN = "/admin/certificate-pdfs/"


def fake_pdf(certificate):
    return b"%PDF-1.7\n% fake certificate " + certificate.code.encode() + b"\n" + b"x" * 2000


def store_fake_pdfs(certificates):
    """Small stored PDFs in place of rendered ones (the bulk code only copies them)."""
    for certificate in certificates:
        name = pdf.storage_name(certificate, pdf.DEFAULT_SIZE)
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(fake_pdf(certificate)))


@pytest.fixture
def boards(catalog, learner, make_user, settings):
    """FL: Lee and Una passed its module; TX: Tom passed its module. PDFs stored."""
    fl_course, fl = state_board_course(catalog, code="FL-MT")
    tx_course, tx = state_board_course(catalog, code="TX-MT")
    licensed(learner, fl)
    pass_course(learner, fl_course)
    pass_course(make_user(first_name="Una", last_name="Unlicensed"), fl_course)
    pass_course(make_user(first_name="Tom", last_name="Texan", email="tom@example.com"), tx_course)
    CompletionRecord.objects.update(completed_on=date(2026, 3, 7))
    Certificate.objects.update(completed_on=date(2026, 3, 7))
    store_fake_pdfs(Certificate.objects.all())
    return fl, tx, fl_course, tx_course


def unzip(response):
    assert response.status_code == 200, response.content[:500]
    assert response.streaming and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    return archive, manifest


def test_zip_contents_match_the_manifest(client, boards, make_user):
    fl, *_ = boards
    client.force_login(provider_admin(make_user))
    response = client.get(SCREEN, {"body": "FL-MT", "since": "2026-03-01", "download": "1"})
    assert response["Content-Disposition"] == (
        'attachment; filename="certificates_FL-MT_2026-03-01-to-today.zip"'
    )
    archive, manifest = unzip(response)
    certificates = Certificate.objects.filter(records__body=fl).order_by("records__id")
    assert [row["certificate_code"] for row in manifest] == [c.code for c in certificates]
    assert list(manifest[0]) == list(MANIFEST_HEADER)
    assert sorted(archive.namelist()) == sorted(
        [row["file_name"] for row in manifest] + ["manifest.csv"]
    )
    for row, certificate in zip(manifest, certificates, strict=True):
        assert archive.read(row["file_name"]) == fake_pdf(certificate)
        assert row["file_name"].startswith(
            f"{certificate.snapshot['course_code']}/{certificate.code}-"
        )
        assert row["learner_name"] == certificate.snapshot["learner_name"]
        assert row["course_code"] == certificate.snapshot["course_code"]
        assert row["completion_date"] == "2026-03-07"
        assert row["credits"] == "1.5 CE"
        assert row["status"] == "valid"
    assert {row["learner_name"] for row in manifest} == {"Lee Learner", "Una Unlicensed"}


def test_a_missing_pdf_is_rendered_and_stored(client, boards, make_user):
    fl, *_ = boards
    certificate = Certificate.objects.filter(records__body=fl).first()
    name = pdf.storage_name(certificate, pdf.DEFAULT_SIZE)
    default_storage.delete(name)
    client.force_login(provider_admin(make_user))
    archive, manifest = unzip(client.get(SCREEN, {"body": "FL-MT", "download": "1"}))
    row = next(row for row in manifest if row["certificate_code"] == certificate.code)
    data = archive.read(row["file_name"])
    assert data.startswith(b"%PDF-") and b"fake certificate" not in data
    assert default_storage.exists(name)
    entry = ModelLogEntry.objects.get(action="cec.export")
    assert entry.data["rendered"] == 1


def test_the_download_is_audited(client, boards, make_user):
    fl, *_ = boards
    admin = provider_admin(make_user)
    client.force_login(admin)
    unzip(client.get(SCREEN, {"body": "FL-MT", "until": "2026-03-31", "download": "1"}))
    entry = ModelLogEntry.objects.get(action="cec.export")
    assert entry.object_id == str(fl.pk) and entry.user == admin
    assert entry.data["format"] == "pdf-zip" and entry.data["source"] == "admin"
    assert entry.data["rows"] == 2 and entry.data["complete"] is True
    assert entry.data["filters"]["until"] == "2026-03-31"
    assert entry.data["filters"]["body"] == "FL-MT"


def test_reachable_from_the_menu_and_the_report(client, boards, make_user):
    client.force_login(provider_admin(make_user))
    assert SCREEN in client.get("/admin/").content.decode()  # Certification menu group
    report = client.get("/admin/completion-records/", {"body": "FL-MT"}).content.decode()
    assert f'href="{SCREEN}?body=FL-MT' in report


def test_the_form_counts_before_downloading(client, boards, make_user):
    client.force_login(provider_admin(make_user))
    page = client.get(SCREEN, {"body": "FL-MT"}).content.decode()
    assert "2 certificates" in page and "download=1" in page
    assert not ModelLogEntry.objects.filter(action="cec.export").exists()
    assert client.get(SCREEN).status_code == 200
    refused = client.get(SCREEN, {"since": "2026-01-01"})
    assert refused.status_code == 400
    assert "Choose a certifying body, a module, or both" in refused.content.decode()


def test_provider_admin_may_take_a_module_across_bodies(client, boards, make_user):
    *_, tx_course = boards
    client.force_login(provider_admin(make_user))
    archive, manifest = unzip(client.get(SCREEN, {"module": tx_course.code, "download": "1"}))
    assert [row["learner_name"] for row in manifest] == ["Tom Texan"]
    assert manifest[0]["credits"] == "1.5 CE (TX-MT)"
    entry = PageLogEntry.objects.get(action="cec.export")  # on the module's page
    assert entry.page_id == tx_course.pk
    assert entry.data["filters"]["module"] == tx_course.code


def test_body_staff_get_only_their_body(client, boards, make_user):
    fl, tx, fl_course, tx_course = boards
    staff = body_staff(make_user, fl)
    client.force_login(staff)
    page = client.get(SCREEN).content.decode()
    assert 'value="FL-MT"' in page and "TX-MT" not in page and tx_course.code not in page
    # Another body, by its code: refused, and nothing of it is sent or logged.
    response = client.get(SCREEN, {"body": "TX-MT", "download": "1"})
    assert response.status_code == 403
    assert client.get(SCREEN, {"body": "NO-SUCH", "download": "1"}).status_code == 403
    # Another body's module, without a body: the body is required for staff.
    response = client.get(SCREEN, {"module": tx_course.code, "download": "1"})
    assert response.status_code == 400 and not response.streaming
    # Their own body's module with the other body's module code is not a choice.
    response = client.get(SCREEN, {"body": "FL-MT", "module": tx_course.code, "download": "1"})
    assert response.status_code == 400
    assert not ModelLogEntry.objects.filter(action="cec.export").exists()
    archive, manifest = unzip(client.get(SCREEN, {"body": "FL-MT", "download": "1"}))
    assert "Tom Texan" not in {row["learner_name"] for row in manifest}
    assert len(manifest) == 2


def test_people_without_report_access_are_refused(client, boards, make_user):
    from django.contrib.auth.models import Permission

    editor = make_user(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(SCREEN).status_code == 403
    assert client.get(SCREEN, {"body": "FL-MT", "download": "1"}).status_code == 403


def test_manifest_cells_cannot_run_as_formulas(boards):
    fl, *_ = boards
    certificate = Certificate.objects.filter(records__body=fl).first()
    certificate.snapshot = {**certificate.snapshot, "learner_name": "=HYPERLINK(evil)"}
    certificate.save(update_fields=["snapshot"])
    data = b"".join(iter_zip(BulkSelection(body=fl)))
    manifest = zipfile.ZipFile(io.BytesIO(data)).read("manifest.csv").decode()
    assert "'=HYPERLINK(evil)" in manifest


def _peak(selection):
    tracemalloc.start()
    tracemalloc.reset_peak()
    size = 0
    for chunk in iter_zip(selection):
        size += len(chunk)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, size


def test_memory_stays_flat_while_streaming(boards):
    """Peak memory for 500 certificates is within 1.2x of the peak for 100
    (bench/bulk_zip.py measures 100 vs 1,000)."""
    fl, tx, *_ = boards
    add_records(fl, 498)
    add_records(tx, 99)
    store_fake_pdfs(Certificate.objects.all())
    small = BulkSelection(body=tx)
    big = BulkSelection(body=fl)
    assert small.count() == 100 and big.count() == 500
    _peak(small)  # warm up imports and caches
    small_peak, small_size = _peak(small)
    big_peak, big_size = _peak(big)
    assert big_size > 4 * small_size
    assert big_peak <= 1.2 * small_peak, (small_peak, big_peak)
