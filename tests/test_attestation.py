import pytest

from certificates.models import Certificate
from learning.evaluation_models import AttestationText, EvaluationSettings
from tests.certs import certified_course, pass_course


@pytest.fixture
def attestation_on(db):
    settings_ = EvaluationSettings.load()
    settings_.attestation_required = True
    settings_.save()
    return settings_


def test_edits_make_a_new_version(attestation_on):
    first = AttestationText.current()
    assert first.text.startswith("I personally completed every part")
    attestation_on.attestation_text = "I did it myself."
    attestation_on.save()
    assert AttestationText.current().version == first.version + 1


def test_no_certificate_without_affirmation(attestation_on, catalog, learner, client):
    course = certified_course(catalog)
    pass_course(learner, course)
    assert not Certificate.objects.exists()
    client.force_login(learner)
    page = client.get(course.url).content.decode()
    assert "affirm and claim your certificate" in page and "I personally completed" in page
    version = AttestationText.current().version
    client.post(f"{course.url}certificate/", {"attestation_version": version})
    assert not Certificate.objects.exists()


def test_affirmation_is_stored_with_version_and_time(attestation_on, catalog, learner, client):
    course = certified_course(catalog)
    pass_course(learner, course)
    client.force_login(learner)
    version = AttestationText.current().version
    client.post(f"{course.url}certificate/", {"attestation_version": version, "affirm": "yes"})
    certificate = Certificate.objects.get(learner=learner, course=course)
    assert certificate.attestation_version == version and certificate.attested_at is not None


def test_stale_version_is_refused(attestation_on, catalog, learner, client):
    course = certified_course(catalog)
    pass_course(learner, course)
    client.force_login(learner)
    old = AttestationText.current().version
    attestation_on.attestation_text = "A new statement."
    attestation_on.save()
    client.post(f"{course.url}certificate/", {"attestation_version": old, "affirm": "yes"})
    assert not Certificate.objects.exists()


def test_certificate_email_has_both_links(
    attestation_on, catalog, learner, client, mailoutbox, django_capture_on_commit_callbacks
):
    course = certified_course(catalog)
    pass_course(learner, course)
    client.force_login(learner)
    version = AttestationText.current().version
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{course.url}certificate/", {"attestation_version": version, "affirm": "yes"})
    certificate = Certificate.objects.get(learner=learner)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [learner.email]
    body = mailoutbox[0].body
    assert certificate.verification_url in body
    assert f"http://testserver/certificates/{certificate.code}/pdf" in body


def test_failed_email_still_shows_the_certificate(
    catalog, learner, client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_attestation.BrokenBackend"
    course = certified_course(catalog)
    with django_capture_on_commit_callbacks(execute=True):
        pass_course(learner, course)
    certificate = Certificate.objects.get(learner=learner)
    client.force_login(learner)
    assert certificate.code in client.get(course.url).content.decode()
    assert certificate.code in client.get("/dashboard/").content.decode()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP down")
