"""A learner follows their ACE renewal cycle: adds the certification in the profile, sees
the 2.0 CECs needed, completes a module, sees the shortfall shrink, records an external
(self-reported) credit with its certificate, and downloads the CE summary for renewal."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils.dateformat import format as date_format

import pytest
from playwright.sync_api import expect

from certifying_bodies.renewal import add_months
from courses.models import CoursePage
from home.site_setup import ensure_launch_bodies
from tests.certs import approve, pass_course

from .helpers import log_in, serious_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "renewing.trainer@example.com"
PASSWORD = "Cycle-ready-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ace_module(launch_site, django_user_model):
    ensure_launch_bodies()
    course = CoursePage.objects.get(code="CEC-MRC-102")
    approve(course, code="ACE", credits_override=Decimal("1.0"))
    learner = django_user_model.objects.create_user(
        email=EMAIL, password=PASSWORD, first_name="Robin", last_name="Renewing"
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=learner, email=EMAIL, verified=True, primary=True)
    return course, learner


def test_ce_cycle_journey(page, url, ace_module):
    course, learner = ace_module
    certified = date.today() - timedelta(days=200)  # well inside a 24-month ACE cycle
    cycle_end = add_months(certified, 24) - timedelta(days=1)
    log_in(page, url, EMAIL, PASSWORD)

    page.goto(url("/accounts/profile/"))
    page.get_by_label("American Council on Exercise (ACE) number").fill("ACE-778899")
    page.get_by_label("ACE certification date").fill(certified.isoformat())
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("body")).to_contain_text("Your profile has been saved.")

    page.goto(url("/dashboard/"))
    cycle = page.get_by_role("region", name="American Council on Exercise (ACE)")
    expect(cycle).to_contain_text("2 CEC still needed")
    expect(cycle).to_contain_text(
        f"Current cycle: {date_format(certified, 'j M Y')} to {date_format(cycle_end, 'j M Y')}"
    )

    pass_course(learner, course)  # the module completed, as tests/certs.py does it
    page.reload()
    expect(cycle).to_contain_text("1 CEC still needed")
    expect(cycle).to_contain_text("Earned here: 1 CEC")
    expect(cycle).to_contain_text("CEC-MRC-102")

    page.get_by_role("link", name="Record CE earned elsewhere (self-reported)").click()
    page.get_by_label("Title").fill("Functional training workshop")
    page.get_by_label("Provider").fill("Regional Fitness Expo")
    page.get_by_label("Date completed").fill((certified + timedelta(days=10)).isoformat())
    page.get_by_label("Credits").fill("0.5")
    page.get_by_label("Certificate of completion").set_input_files(
        files=[{"name": "workshop.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Record the credit").click()
    expect(page.locator("body")).to_contain_text("recorded (self-reported)")
    expect(cycle).to_contain_text("0.5 CEC still needed")
    expect(cycle).to_contain_text("External (self-reported): 0.5 CEC")
    expect(cycle.get_by_role("link", name="uploaded certificate")).to_be_visible()
    problems = serious_axe_violations(page, "dashboard with a renewal cycle")
    page.goto(url("/dashboard/renewal/external/add/"))
    problems += serious_axe_violations(page, "external credit form")
    assert not problems, "\n".join(problems)
    page.goto(url("/dashboard/"))

    with page.expect_download() as download_info:
        cycle.get_by_role("link", name="Download the CE summary for renewal (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "ce-summary-ace.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
