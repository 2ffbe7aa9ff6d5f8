"""Certificate PDFs: what they print, page sizes, QR code, metadata, storage and the view."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.storage import default_storage
from django.urls import reverse

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from certificates import pdf
from certificates.codes import generate_code
from certificates.issuing import DELIVERY_TYPE, reissue_certificate, revoke_certificate
from certificates.models import Certificate, ProviderSettings
from certifying_bodies.models import CertifyingBody, CourseApproval
from courses.models import LessonPage
from learning.seat_time import record_lesson_view
from quizzes.models import QuizPage
from quizzes.services import start_attempt, submit_attempt
from tests.factories import make_course

LETTER = (612, 792)
A4 = (595.28, 841.89)


# --- Helpers ---------------------------------------------------------------------------


def add_approval(course, *, code="NCBTMB", name=None, number="NCB-2026-77", **body_fields):
    body_fields.setdefault("credit_unit", "CE")
    body_fields.setdefault("credits_per_hour", Decimal("1"))
    body_fields.setdefault("rounding", "nearest_0_1")
    body_fields.setdefault("provider_number", "1234")
    body = CertifyingBody.objects.create(
        code=code,
        name=name or "National Certification Board for Therapeutic Massage & Bodywork",
        **body_fields,
    )
    return CourseApproval.objects.create(
        course=course,
        body=body,
        approval_number=number,
        valid_from=date.today() - timedelta(days=1),
    )


def earn_certificate(learner, course):
    """Open every lesson and pass the quiz; the signal receiver issues the certificate."""
    for lesson in LessonPage.objects.child_of(course).live():
        record_lesson_view(learner, lesson)
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner)
    answers = {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions}
    attempt, _ = submit_attempt(attempt, answers)
    assert attempt.passed
    return Certificate.objects.get(learner=learner, course=course, status="valid")


def pdf_url(certificate, size=None):
    url = reverse("certificates:pdf", args=[certificate.code])
    return f"{url}?size={size}" if size else url


def verify_url(certificate):
    return f"http://testserver/certificates/{certificate.code}/"


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def long_date(day):
    return f"{day.day} {day:%B %Y}"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored PDFs go to a fresh directory per test, not the project's media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def course(catalog):
    course = make_course(catalog, lessons=1)
    add_approval(course)
    return course


@pytest.fixture
def certificate(course, learner):
    return earn_certificate(learner, course)


@pytest.fixture
def staff(make_user):
    return make_user(email="registrar@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def renders(monkeypatch):
    """Count calls to the renderer (still rendering for real)."""
    calls = []
    real = pdf.render_pdf

    def counting(certificate, size=pdf.DEFAULT_SIZE):
        calls.append((certificate.code, size))
        return real(certificate, size)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return calls


# --- What the PDF prints ---------------------------------------------------------------


@pytest.mark.parametrize("size", ["letter", "a4"])
def test_pdf_prints_every_field_of_the_certificate(client, certificate, course, size):
    response = client.get(pdf_url(certificate, size))

    assert response.status_code == 200
    text = text_of(response.content)
    snapshot = certificate.snapshot
    assert "Certificate of Completion" in text
    assert "Lee Learner" in text
    assert course.code in text
    assert course.title in text
    assert long_date(certificate.completed_on) in text
    assert "CONTACT HOURS 1.5" in text
    assert DELIVERY_TYPE in text
    provider = ProviderSettings.load()
    assert provider.name in text
    for line in provider.address.splitlines():
        assert line in text
    assert provider.email in text
    assert "National Certification Board for Therapeutic Massage & Bodywork (NCBTMB)" in text
    assert "1234" in text  # provider number
    assert "NCB-2026-77" in text  # course approval number
    assert "1.5 CE" in text  # 1.5 contact hours at 1 CE an hour
    assert snapshot["signatory"]["name"] in text
    assert snapshot["signatory"]["title"] in text
    assert certificate.code in text
    assert verify_url(certificate) in text
    for band in ("REVOKED", "SUPERSEDED", "EXPIRED"):
        assert band not in text
    assert "VALID UNTIL" not in text.upper()  # no expiry set


@pytest.mark.parametrize(("size", "expected"), [("letter", LETTER), ("a4", A4)])
def test_one_page_of_the_asked_size(client, certificate, size, expected):
    reader = PdfReader(io.BytesIO(client.get(pdf_url(certificate, size)).content))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert sorted([float(box.width), float(box.height)]) == pytest.approx(expected, abs=0.5)


def test_letter_is_the_default_size(client, certificate):
    response = client.get(pdf_url(certificate))

    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert sorted([float(box.width), float(box.height)]) == pytest.approx(LETTER, abs=0.5)
    assert response["Content-Disposition"] == (
        f'inline; filename="certificate-{certificate.code}-letter.pdf"'
    )


def test_valid_until_is_printed_when_certificates_expire(course, learner):
    provider = ProviderSettings.load()
    provider.certificate_validity_years = 2
    provider.save()
    certificate = earn_certificate(learner, course)

    text = text_of(pdf.pdf_bytes(certificate, "letter"))

    assert certificate.valid_until is not None
    assert f"VALID UNTIL {long_date(certificate.valid_until)}" in text
    assert "EXPIRED" not in text


def test_a_course_without_approval_says_so(catalog, learner):
    certificate = earn_certificate(learner, make_course(catalog, lessons=1))

    text = text_of(pdf.pdf_bytes(certificate, "a4"))

    assert "No certifying body's approval applied to this course" in text
    assert "1.5 contact hours" in text


def test_many_approvals_and_long_names_still_fit_one_page(catalog, learner):
    course = make_course(catalog, lessons=1)
    course.title = "Scope of practice for personal trainers, bodyworkers and massage therapists"
    course.save_revision().publish()
    for n in range(8):
        add_approval(
            course,
            code=f"BODY{n}",
            name=f"State Board of Massage Therapy and Bodywork Practice No. {n}",
            number=f"APP-{n:04d}",
        )
    learner.certificate_name = "Dr. Maximiliana Konstantinopoulou-Wolfeschlegelstein"
    learner.save()
    certificate = earn_certificate(learner, course)

    for size in pdf.SIZES:
        data = pdf.render_pdf(certificate, size)
        assert len(PdfReader(io.BytesIO(data)).pages) == 1
        text = text_of(data)
        assert all(f"APP-{n:04d}" in text for n in range(8))
        assert verify_url(certificate) in text


def test_the_qr_code_encodes_the_verification_url(certificate):
    for size in pdf.SIZES:
        document = pypdfium2.PdfDocument(pdf.pdf_bytes(certificate, size))
        image = document[0].render(scale=2).to_pil()
        document.close()

        decoded = [barcode.text for barcode in zxingcpp.read_barcodes(image)]

        assert decoded == [verify_url(certificate)]


def test_pdf_metadata_names_the_certificate_and_provider(certificate, course):
    reader = PdfReader(io.BytesIO(pdf.pdf_bytes(certificate, "letter")))

    assert reader.metadata.title == f"Certificate of completion {certificate.code}"
    assert reader.metadata.author == ProviderSettings.load().name
    assert course.code in reader.metadata.subject
    assert "NCBTMB" in reader.metadata["/Keywords"]


def test_verification_url_is_absolute_from_the_admin_base_url(certificate, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://cec.example/"

    assert certificate.verification_url == (f"https://cec.example/certificates/{certificate.code}/")


# --- Storage ---------------------------------------------------------------------------


def test_rendered_once_then_served_from_storage(client, certificate, renders):
    first = client.get(pdf_url(certificate, "a4"))
    second = client.get(pdf_url(certificate, "a4"))

    assert renders == [(certificate.code, "a4")]
    assert first.content == second.content
    name = (
        f"certificates/{certificate.code}/{certificate.code}-a4-v{pdf.TEMPLATE_VERSION}-valid.pdf"
    )
    assert default_storage.exists(name)


def test_a_new_template_version_renders_again(client, certificate, renders, monkeypatch):
    client.get(pdf_url(certificate))
    monkeypatch.setattr(pdf, "TEMPLATE_VERSION", pdf.TEMPLATE_VERSION + 1)
    client.get(pdf_url(certificate))
    client.get(pdf_url(certificate))

    assert renders == [(certificate.code, "letter")] * 2
    stored = default_storage.listdir(f"certificates/{certificate.code}")[1]
    assert len(stored) == 2


def test_ensure_pdfs_stores_each_size_once(certificate, renders):
    names = pdf.ensure_pdfs(certificate)
    again = pdf.ensure_pdfs(certificate)

    assert names == again == [pdf.storage_name(certificate, size) for size in ("letter", "a4")]
    assert len(renders) == 2
    assert all(default_storage.exists(name) for name in names)


def test_issuing_renders_the_default_size_and_a4_comes_on_its_first_download(
    client, course, learner, django_capture_on_commit_callbacks, renders
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = earn_certificate(learner, course)

    assert renders == [(certificate.code, pdf.DEFAULT_SIZE)]
    assert default_storage.exists(pdf.storage_name(certificate, pdf.DEFAULT_SIZE))
    assert not default_storage.exists(pdf.storage_name(certificate, "a4"))

    response = client.get(pdf_url(certificate, "a4"))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert certificate.code in text_of(response.content)
    assert renders == [(certificate.code, pdf.DEFAULT_SIZE), (certificate.code, "a4")]
    for size in pdf.SIZES:
        assert default_storage.exists(pdf.storage_name(certificate, size))


# --- Status ----------------------------------------------------------------------------


def test_a_valid_certificate_may_be_cached_long(client, certificate):
    response = client.get(pdf_url(certificate))

    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert "max-age=604800" in response["Cache-Control"]


def test_a_revoked_certificate_says_revoked(client, certificate, staff, renders):
    client.get(pdf_url(certificate))
    revoke_certificate(certificate, reason="Attempt taken by someone else", user=staff)

    response = client.get(pdf_url(certificate))

    assert response.status_code == 200
    text = text_of(response.content)
    assert "REVOKED" in text
    assert "Attempt taken by someone else" in text
    assert certificate.code in text
    assert len(renders) == 2  # the stored valid PDF is not served for a revoked certificate
    assert "max-age" not in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_a_superseded_certificate_points_to_its_replacement(client, certificate, staff):
    new = reissue_certificate(
        certificate, user=staff, reason="Name correction", learner_name="Lee A. Learner"
    )

    old_text = text_of(client.get(pdf_url(certificate)).content)
    new_text = text_of(client.get(pdf_url(new)).content)

    assert f"SUPERSEDED — see {new.code}" in old_text
    assert "SUPERSEDED" not in new_text
    assert "Lee A. Learner" in new_text


def test_an_expired_certificate_says_expired(client, certificate):
    yesterday = date.today() - timedelta(days=1)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=yesterday)

    response = client.get(pdf_url(certificate))

    text = text_of(response.content)
    assert "EXPIRED" in text
    assert long_date(yesterday) in text
    assert "max-age" not in response["Cache-Control"]


# --- The view --------------------------------------------------------------------------


def test_the_pdf_is_public(client, certificate):
    response = client.get(pdf_url(certificate, "a4"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="certificate-{certificate.code}-a4.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("size", ["A5", "legal", "", "letter "])
def test_an_unknown_size_is_a_bad_request(client, certificate, size, renders):
    response = client.get(reverse("certificates:pdf", args=[certificate.code]), {"size": size})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert b"size" in response.content
    assert renders == []


def test_unknown_and_mistyped_codes_are_not_found(client, certificate):
    typo = certificate.code[:-1] + ("0" if certificate.code[-1] != "0" else "1")
    for code in [generate_code(), typo, "nonsense"]:
        response = client.get(reverse("certificates:pdf", args=[code]))
        assert response.status_code == 404, code


def test_a_loosely_typed_code_redirects_to_the_canonical_one(client, certificate):
    typed = certificate.code.lower().replace("-", "")

    response = client.get(reverse("certificates:pdf", args=[typed]), {"size": "a4"})

    assert response.status_code == 302
    assert response["Location"] == f"/certificates/{certificate.code}/pdf?size=a4"


def test_pdf_downloads_count_towards_the_lookup_rate_limit(client, certificate, settings):
    settings.CERTIFICATE_LOOKUP_RATE = "2/h"

    assert client.get(certificate.get_absolute_url()).status_code == 200
    assert client.get(pdf_url(certificate)).status_code == 200
    assert client.get(pdf_url(certificate)).status_code == 429
