import re
from datetime import date, timedelta

from django.db import IntegrityError

from wagtail.models import ModelLogEntry

import pytest

from certificates.codes import ALPHABET, InvalidCode, generate_code, normalize_code
from certificates.issuing import (
    CertificateError,
    issue_certificate_if_complete,
    reissue_certificate,
    revoke_certificate,
)
from certificates.models import Certificate, ProviderSettings
from certifying_bodies.models import CertifyingBody
from quizzes.models import QuizPage
from quizzes.services import start_attempt, submit_attempt
from tests.certs import approve, certified_course, open_all_lessons, pass_course, right_answers

# --- Codes -----------------------------------------------------------------------------


def test_codes_are_grouped_random_and_self_checking():
    codes = {generate_code() for _ in range(500)}
    assert len(codes) == 500
    for code in list(codes)[:50]:
        assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}", code)
        assert normalize_code(code) == code


def test_typed_codes_are_forgiving_about_case_spaces_and_lookalikes():
    code = generate_code()
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalize_code(typed) == code


def test_every_single_character_typo_is_caught():
    raw = generate_code().replace("-", "")
    for position in range(len(raw)):
        for char in ALPHABET:
            if char != raw[position]:
                with pytest.raises(InvalidCode, match="check the code"):
                    normalize_code(raw[:position] + char + raw[position + 1 :])


@pytest.mark.parametrize("text", ["", "ABC", "7KQ2-M9XD-4HTR-B3W8-XXXX", "7KQ2-M9XD-4HTR-B3U8"])
def test_malformed_codes_are_refused(text):
    with pytest.raises(InvalidCode):
        normalize_code(text)


# --- Issuing ---------------------------------------------------------------------------


def test_passing_after_opening_every_lesson_issues_one_certificate(catalog, learner):
    course = certified_course(catalog)
    attempt = pass_course(learner, course)
    certificate = Certificate.objects.get(learner=learner, course=course)
    assert certificate.status == "valid" and certificate.attempt == attempt
    snap = certificate.snapshot
    assert snap["learner_name"] == "Lee Learner"
    assert snap["course_code"] == course.code and snap["course_title"] == course.title
    assert snap["contact_hours"] == "1.5"
    assert snap["delivery_type"] == "Online self-paced / home study"
    assert snap["completed_on"] == date.today().isoformat()
    assert snap["provider"]["name"] == ProviderSettings.load().name
    assert snap["approvals"] == [
        {
            "body_code": "NCBTMB",
            "body_name": "NCBTMB board",
            "provider_number": "NCBTMB-PROV-1",
            "approval_number": "NCBTMB-COURSE-9",
            "credits": "1.5",
            "credit_unit": "CE",
        }
    ]
    assert snap["signatory"]["name"]
    entry = ModelLogEntry.objects.get(action="cec.certificate.issue")
    assert entry.object_id == str(certificate.pk)


def test_no_certificate_without_every_lesson_or_without_passing(catalog, learner):
    course = certified_course(catalog)
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner)
    attempt, _ = submit_attempt(attempt, right_answers(attempt))  # passed, lessons unopened
    assert attempt.passed and not Certificate.objects.exists()
    open_all_lessons(learner, course)
    failing = certified_course(catalog)
    open_all_lessons(learner, failing)
    quiz = QuizPage.objects.child_of(failing).get()
    submit_attempt(start_attempt(quiz, learner), {})
    assert not Certificate.objects.filter(course=failing).exists()
    # The passed attempt now meets the rule: issuing is idempotent and can be retried.
    certificate = issue_certificate_if_complete(attempt)
    assert certificate and issue_certificate_if_complete(attempt) == certificate
    assert Certificate.objects.count() == 1


def test_double_submit_issues_exactly_once(catalog, learner):
    course = certified_course(catalog)
    open_all_lessons(learner, course)
    attempt = start_attempt(QuizPage.objects.child_of(course).get(), learner)
    submit_attempt(attempt, right_answers(attempt))
    submit_attempt(attempt, right_answers(attempt))
    assert Certificate.objects.filter(learner=learner, course=course).count() == 1


def test_the_database_refuses_a_second_valid_certificate(catalog, learner):
    course = certified_course(catalog)
    attempt = pass_course(learner, course)
    first = Certificate.objects.get()
    with pytest.raises(IntegrityError):
        Certificate.objects.create(
            learner=learner,
            course=course,
            attempt=attempt,
            completed_on=first.completed_on,
            snapshot=first.snapshot,
        )


def test_only_approvals_valid_on_the_completion_date_are_printed(catalog, learner):
    course = certified_course(catalog)
    approve(
        course, code="ACE", unit="CEC", rate="0.1", valid_until=date.today() - timedelta(days=1)
    )
    approve(
        course, code="NFPT", unit="CEC", rate="0.2", valid_from=date.today() + timedelta(days=1)
    )
    pass_course(learner, course)
    codes = [a["body_code"] for a in Certificate.objects.get().snapshot["approvals"]]
    assert codes == ["NCBTMB"]


def test_snapshot_never_changes_after_issue(catalog, learner):
    course = certified_course(catalog)
    pass_course(learner, course)
    certificate = Certificate.objects.get()
    before = dict(certificate.snapshot)

    course.title = "A renamed module"
    course.contact_hours = 9
    course.save_revision().publish()
    body = CertifyingBody.objects.get(code="NCBTMB")
    body.name, body.credits_per_hour, body.provider_number = "Renamed board", 5, "NEW"
    body.save()
    learner.first_name, learner.certificate_name = "Changed", "Someone Else"
    learner.save()
    provider = ProviderSettings.load()
    provider.name = "New provider name"
    provider.save()

    certificate.refresh_from_db()
    assert certificate.snapshot == before


def test_validity_period_sets_valid_until(catalog, learner):
    provider = ProviderSettings.load()
    provider.certificate_validity_years = 2
    provider.save()
    pass_course(learner, certified_course(catalog))
    certificate = Certificate.objects.get()
    assert certificate.valid_until == date.today().replace(year=date.today().year + 2)


def test_revoke_needs_a_reason_and_is_logged(catalog, learner, make_user):
    pass_course(learner, certified_course(catalog))
    certificate = Certificate.objects.get()
    admin = make_user(is_staff=True)
    with pytest.raises(CertificateError, match="reason"):
        revoke_certificate(certificate, reason="  ", user=admin)
    revoke_certificate(certificate, reason="Quiz answers were shared", user=admin)
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_at
    entry = ModelLogEntry.objects.get(action="cec.certificate.revoke")
    assert entry.user_id == admin.pk and entry.data["reason"] == "Quiz answers were shared"
    with pytest.raises(CertificateError, match="Only a valid certificate"):
        revoke_certificate(certificate, reason="again", user=admin)


def test_reissue_supersedes_and_keeps_the_completion(catalog, learner, make_user):
    pass_course(learner, certified_course(catalog))
    old = Certificate.objects.get()
    learner.certificate_name = "Lee A. Learner"
    learner.save()
    new = reissue_certificate(old, user=make_user(is_staff=True), reason="Name correction")
    old.refresh_from_db()
    assert old.status == "superseded" and old.superseded_by == new
    assert new.status == "valid" and new.code != old.code
    assert new.snapshot["learner_name"] == "Lee A. Learner"
    assert new.completed_on == old.completed_on
    assert new.snapshot["approvals"] == old.snapshot["approvals"]
    assert Certificate.objects.count() == 2  # nothing deleted
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"cec.certificate.reissue", "cec.certificate.supersede"} <= actions


# --- Verification page -----------------------------------------------------------------


@pytest.fixture
def certificate(catalog, learner):
    pass_course(learner, certified_course(catalog))
    return Certificate.objects.get()


def test_verification_page_shows_the_record_and_status(client, certificate):
    html = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "Valid." in html
    for text in [
        "Lee Learner",
        certificate.snapshot["course_code"],
        "1.5",
        "NCBTMB-COURSE-9",
        "1.5 CE",
        "NCBTMB-PROV-1",
    ]:
        assert text in html


def test_verification_page_has_no_personal_data_beyond_the_certificate(
    client, certificate, learner
):
    html = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert learner.email not in html
    assert f"{certificate.snapshot['score_percent']}%" not in html


def test_revoked_and_superseded_pages_say_so(client, certificate, make_user):
    admin = make_user(is_staff=True)
    new = reissue_certificate(certificate, user=admin, reason="Name correction")
    html = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "Superseded." in html and f"/certificates/{new.code}/" in html
    revoke_certificate(new, reason="Issued in error", user=admin)
    html = client.get(f"/certificates/{new.code}/").content.decode()
    assert "Revoked" in html and "Issued in error" in html


def test_expired_certificates_say_so(client, certificate):
    certificate.valid_until = date.today() - timedelta(days=1)
    certificate.save()
    assert "Expired" in client.get(f"/certificates/{certificate.code}/").content.decode()


def test_search_box_takes_a_typed_code(client, certificate):
    typed = certificate.code.lower().replace("-", " ")
    response = client.get("/certificates/", {"code": typed})
    assert (
        response.status_code == 302 and response["Location"] == f"/certificates/{certificate.code}/"
    )


def test_a_typo_says_check_the_code_and_never_shows_another_certificate(client, certificate):
    raw = certificate.code.replace("-", "")
    typo = raw[:3] + ("Z" if raw[3] != "Z" else "Y") + raw[4:]
    for response in (
        client.get(f"/certificates/{typo}/"),
        client.get("/certificates/", {"code": typo}),
    ):
        assert response.status_code == 404
        html = response.content.decode()
        assert "check the code" in html and "Lee Learner" not in html


def test_an_unknown_but_well_formed_code_is_404(client, certificate):
    other = generate_code()
    response = client.get(f"/certificates/{other}/")
    assert response.status_code == 404 and "No such certificate" in response.content.decode()


def test_lookups_are_rate_limited_per_client(client, certificate, settings):
    settings.CERTIFICATE_LOOKUP_RATE = "3/h"
    statuses = [client.get(f"/certificates/{certificate.code}/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other_client_status = client.get(
        f"/certificates/{certificate.code}/", REMOTE_ADDR="10.9.8.7"
    ).status_code
    assert other_client_status == 200
    response = client.get(f"/certificates/{certificate.code}/")
    assert response.status_code == 429 and response["Retry-After"] == "60"


def test_a_learner_who_passed_first_gets_the_certificate_after_the_last_lesson(
    client, catalog, learner
):
    course = certified_course(catalog)
    quiz = QuizPage.objects.child_of(course).get()
    attempt = start_attempt(quiz, learner)
    submit_attempt(attempt, right_answers(attempt))
    client.force_login(learner)
    assert "open the remaining lessons" in client.get(course.url).content.decode()
    for lesson in (
        course.get_children().live().type(*[type(course.get_children().first().specific)])
    ):
        client.get(lesson.url)
    assert "Get my certificate" in client.get(course.url).content.decode()
    assert client.post(course.url + "certificate/").status_code == 302
    certificate = Certificate.objects.get(learner=learner, course=course)
    assert certificate.code in client.get(course.url).content.decode()
