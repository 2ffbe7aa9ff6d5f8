"""Certificate expiry per module: the date at issue, in the credential and on the
verification page; an expired certificate lets the learner take the module again."""

import json
from datetime import date, timedelta

import pytest

from certificates.issuing import _add_years
from certificates.models import Certificate, ModuleCertificatePolicy, ProviderSettings
from quizzes.models import QuizPage
from quizzes.services import AttemptNotAllowed, start_attempt
from tests.certs import approve, pass_course, right_answers
from tests.factories import make_course


@pytest.fixture
def course(catalog):
    course = make_course(catalog, lessons=1)
    approve(course)
    return course


@pytest.mark.parametrize(
    "global_years, module_years, has_policy, expected_years",
    [
        (None, None, False, None),  # nothing set: no expiry
        (3, None, False, 3),  # the provider's global setting
        (3, 2, True, 2),  # the module's own setting wins
        (None, 2, True, 2),
        (3, None, True, None),  # the module says its certificates do not expire
    ],
)
def test_validity_at_issue(course, learner, global_years, module_years, has_policy, expected_years):
    provider = ProviderSettings.load()
    provider.certificate_validity_years = global_years
    provider.save()
    if has_policy:
        ModuleCertificatePolicy.objects.create(course=course, valid_years=module_years)
    pass_course(learner, course)
    certificate = Certificate.objects.get()
    expected = _add_years(certificate.completed_on, expected_years) if expected_years else None
    assert certificate.valid_until == expected
    assert certificate.snapshot["valid_until"] == (expected.isoformat() if expected else None)


def test_expiry_in_credential_and_verification(client, course, learner):
    ModuleCertificatePolicy.objects.create(course=course, valid_years=2)
    pass_course(learner, course)
    certificate = Certificate.objects.get()
    until = certificate.valid_until
    credential = json.loads(client.get(f"/certificates/{certificate.code}/credential.json").content)
    assert credential["validUntil"].startswith(until.isoformat())
    html = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "Valid until" in html and until.strftime("%Y") in html
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=date.today() - timedelta(days=1)
    )
    html = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "Expired" in html
    credential = json.loads(client.get(f"/certificates/{certificate.code}/credential.json").content)
    assert credential["credentialSubject"] and "expired" in json.dumps(credential)


def test_expired_certificate_lets_the_learner_retake(client, course, learner):
    from quizzes.services import submit_attempt

    ModuleCertificatePolicy.objects.create(course=course, valid_years=2)
    pass_course(learner, course)
    quiz = QuizPage.objects.child_of(course).get()
    with pytest.raises(AttemptNotAllowed, match="already passed"):
        start_attempt(quiz, learner)
    old = Certificate.objects.get()
    # Through save(): the learner's certificate is cached until one of theirs changes.
    old.valid_until = date.today() - timedelta(days=1)
    old.save(update_fields=["valid_until"])
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Your certificate expired" in html and "retake the quiz" in html
    # Attempts before the expiry no longer count: the retake starts and, passed, issues anew.
    from quizzes.models import Attempt

    Attempt.objects.filter(learner=learner).update(
        started_at=old.issued_at - timedelta(days=800), submitted_at=old.issued_at
    )
    attempt = start_attempt(quiz, learner)
    submit_attempt(attempt, right_answers(attempt))
    old.refresh_from_db()
    new = Certificate.objects.get(status="valid")
    assert new.pk != old.pk and new.attempt_id == attempt.pk
    assert (old.status, old.superseded_by_id) == ("superseded", new.pk)
    assert new.valid_until == _add_years(new.completed_on, 2)
    with pytest.raises(AttemptNotAllowed, match="already passed"):
        start_attempt(quiz, learner)


def test_expiry_in_completion_exports(course, learner):
    import csv
    import io

    from certifying_bodies.models import CertifyingBody
    from records.completions import RecordFilter
    from records.exports import write_export

    ModuleCertificatePolicy.objects.create(course=course, valid_years=2)
    pass_course(learner, course)
    until = Certificate.objects.get().valid_until
    flt = RecordFilter(body=CertifyingBody.objects.get(code="NCBTMB"))
    out = io.StringIO()
    write_export(flt, "csv", out)
    [row] = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["valid_until"] == until.isoformat()
    out = io.StringIO()
    write_export(flt, "jsonl", out)
    assert json.loads(out.getvalue())["valid_until"] == until.isoformat()
