"""Placeholder provider details never reach a real certificate; provider admins set them."""

import re

from django.contrib.auth.models import Group

import pytest

from certificates import pdf
from certificates.models import Certificate, ProviderSettings
from home.site_setup import ensure_provider_admin_group
from quizzes.models import Attempt, QuizPage
from tests.certs import certified_course, pass_course
from tests.test_certificate_pdf import text_of
from tests.test_settings import PRODUCTION_ENV, manage

REAL = {
    "name": "Northside Movement Education",
    "address": "Northside Movement Education\n12 Mill Lane\nLeeds LS1 4AB, UK",
    "email": "certificates@northside.example.org",
    "website": "https://northside.example.org",
    "signatory_name": "Dana Okafor",
    "signatory_title": "Head of Education",
}


def set_provider(**fields):
    provider = ProviderSettings.load()
    for name, value in fields.items():
        setattr(provider, name, value)
    provider.save()
    return provider


@pytest.fixture
def production_rule(settings):
    settings.CEC_REQUIRE_PROVIDER_DETAILS = True


def test_production_settings_require_real_provider_details():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CEC_REQUIRE_PROVIDER_DETAILS)",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_no_certificate_while_the_details_are_placeholders_and_nothing_is_lost(
    client, catalog, learner, production_rule
):
    course = certified_course(catalog)
    attempt = pass_course(learner, course)
    assert attempt.passed and not Certificate.objects.exists()

    client.force_login(learner)
    quiz = QuizPage.objects.child_of(course).get()
    result = client.get(f"{quiz.url}attempt/{attempt.pk}/result/").content.decode()
    assert "Your certificate is pending" in result

    response = client.post(f"{course.url}certificate/", follow=True)
    assert "Your certificate is pending" in response.content.decode()
    assert not Certificate.objects.exists()

    set_provider(**REAL)
    client.post(f"{course.url}certificate/")
    certificate = Certificate.objects.get()
    assert certificate.attempt == Attempt.objects.get()
    assert certificate.snapshot["provider"]["email"] == REAL["email"]
    assert certificate.snapshot["signatory"]["name"] == "Dana Okafor"


def test_one_placeholder_left_still_holds_certificates_back(catalog, learner, production_rule):
    set_provider(**{**REAL, "signatory_name": "Alex Morgan"})
    pass_course(learner, certified_course(catalog))
    assert not Certificate.objects.exists()


def test_provider_admins_are_warned_and_may_edit_the_details(client, make_user, production_rule):
    admin = make_user(email="provider-admin@example.com")
    admin.groups.add(ensure_provider_admin_group())
    client.force_login(admin)

    dashboard = client.get("/admin/").content.decode()
    assert "Provider details are placeholders" in dashboard
    assert "No certificate is issued until they are set" in dashboard

    edit_url = client.get("/admin/settings/certificates/providersettings/", follow=True)
    assert edit_url.status_code == 200 and "Signatory" in edit_url.content.decode()
    edit_url = edit_url.redirect_chain[-1][0]
    response = client.post(edit_url, {**REAL, "certificate_validity_years": ""})
    assert response.status_code == 302
    assert ProviderSettings.load().signatory_name == "Dana Okafor"
    assert "Provider details are placeholders" not in client.get("/admin/").content.decode()


def test_the_group_set_up_by_setup_site_holds_the_settings_permission(db):
    group = ensure_provider_admin_group()
    assert group.permissions.filter(codename="change_providersettings").exists()
    assert Group.objects.filter(name="Provider admins").count() == 1


def test_the_certificate_prints_the_provider_name_once_and_no_internal_label(
    catalog, learner, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    set_provider(**REAL)
    pass_course(learner, certified_course(catalog))
    certificate = Certificate.objects.get()
    text = text_of(pdf.render_pdf(certificate, "letter"))
    assert len(re.findall(REAL["name"], text)) == 1
    assert "12 Mill Lane" in text and REAL["email"] in text
    assert "template v" not in text and "US Letter" not in text
