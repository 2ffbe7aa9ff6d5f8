import csv
import io
from datetime import date, timedelta

from pypdf import PdfReader

from certificates.models import Certificate
from tests.certs import approve, pass_course
from tests.factories import make_course


def earn_two_certificates(catalog, learner):
    first = make_course(catalog, lessons=1)
    second = make_course(catalog, lessons=1)
    for course in (first, second):
        approve(course, code="NCBTMB", unit="CE", rate="1")
    approve(first, code="ACE", unit="CEC", rate="0.1")
    pass_course(learner, first)
    pass_course(learner, second)
    old = Certificate.objects.get(course=second)
    old.completed_on = date.today() - timedelta(days=400)
    old.save()
    return first, second


def test_dashboard_lists_certificates_and_credits_per_body(client, catalog, learner):
    earn_two_certificates(catalog, learner)
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    for certificate in Certificate.objects.all():
        assert f"/certificates/{certificate.code}/" in html
    assert "3 CE" in html and "0.2 CEC" in html  # 1.5 + 1.5 CE; 0.15 -> 0.2 CEC
    html = client.get(
        "/dashboard/", {"since": (date.today() - timedelta(days=30)).isoformat()}
    ).content.decode()
    assert "1.5 CE" in html and "3 CE" not in html


def test_transcript_csv_has_a_row_per_body_and_certificate(client, catalog, learner):
    earn_two_certificates(catalog, learner)
    client.force_login(learner)
    response = client.get("/dashboard/transcript.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted((r["certifying_body"], r["credits"]) for r in rows) == [
        ("ACE", "0.2"),
        ("NCBTMB", "1.5"),
        ("NCBTMB", "1.5"),
    ]
    since = (date.today() - timedelta(days=30)).isoformat()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/dashboard/transcript.csv", {"since": since}).content.decode())
        )
    )
    assert len(rows) == 2


def test_transcript_pdf(client, catalog, learner):
    earn_two_certificates(catalog, learner)
    client.force_login(learner)
    response = client.get("/dashboard/transcript.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Lee Learner" in text and "NCBTMB" in text and "3 CE" in text


def test_bad_transcript_dates_get_a_clear_error(client, learner):
    client.force_login(learner)
    response = client.get(
        "/dashboard/transcript.csv", {"since": "2026-05-01", "until": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "before the start date" in response.json()["fields"]["until"][0]
    response = client.get("/dashboard/transcript.pdf", {"since": "yesterday"})
    assert response.status_code == 400


def test_transcripts_are_the_learners_own(client, catalog, learner, make_user):
    earn_two_certificates(catalog, learner)
    client.force_login(make_user())
    rows = list(
        csv.DictReader(io.StringIO(client.get("/dashboard/transcript.csv").content.decode()))
    )
    assert rows == []
    assert client.get("/dashboard/").status_code == 200
