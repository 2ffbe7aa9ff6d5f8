"""Beside each CSV download, a "CSV for Excel": the same file behind a UTF-8 BOM."""

from django.urls import reverse

from quizzes.models import QuizPage
from quizzes.services import start_attempt, submit_attempt
from tests.certs import certified_course, pass_course
from tests.factories import make_course
from tests.test_completion_report import (  # noqa: F401 - the fixture is used by name
    boards,
    content_of,
    download_url,
    provider_admin,
)

BOM = b"\xef\xbb\xbf"


def test_the_transcript_comes_as_csv_and_as_csv_for_excel(client, catalog, learner):
    pass_course(learner, certified_course(catalog))
    client.force_login(learner)
    dashboard = client.get("/dashboard/").content.decode()
    assert "CSV for Excel" in dashboard and "transcript.csv?for=excel" in dashboard
    plain = client.get("/dashboard/transcript.csv").content
    excel = client.get("/dashboard/transcript.csv", {"for": "excel"}).content
    assert not plain.startswith(BOM)
    assert excel == BOM + plain


def test_the_completion_report_offers_csv_for_excel(client, boards, make_user):  # noqa: F811
    client.force_login(provider_admin(make_user))
    report = client.get("/admin/completion-records/", {"body": "FL-MT"}).content.decode()
    assert "CSV for Excel" in report
    query = {"body": "FL-MT", "since": "2026-03-01"}
    plain = content_of(client.get(download_url("csv"), query))
    excel = content_of(client.get(download_url("csv-excel"), query))
    assert excel == BOM + plain


def test_item_analysis_offers_csv_for_excel(client, catalog, learner, make_user):
    quiz = QuizPage.objects.child_of(make_course(catalog, lessons=1)).get()
    submit_attempt(start_attempt(quiz, learner), {})
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("quizzes_admin:item_analysis_csv", args=[quiz.pk])
    page = client.get(reverse("quizzes_admin:item_analysis", args=[quiz.pk])).content.decode()
    assert f"{url}?for=excel" in page
    plain = client.get(url).content
    assert client.get(url, {"for": "excel"}).content == BOM + plain
