import csv
import io

import pytest

from certificates.models import Certificate
from learning.evaluation_models import (
    EvaluationReceipt,
    EvaluationResponse,
    EvaluationSettings,
    ModuleEvaluationPolicy,
)
from tests.certs import approve, certified_course, pass_course
from tests.factories import make_course


def _require_with_approval():
    settings_ = EvaluationSettings.load()
    settings_.require_with_approval = True
    settings_.save()


def _answers(n, value="4", comments="More case studies, please."):
    data = {f"item_{i}": value for i in range(n)}
    data["comments"] = comments
    return data


@pytest.fixture
def admin_user(make_user):
    return make_user(email="admin@example.com", is_staff=True, is_superuser=True)


def test_items_follow_objectives_then_the_site_items(catalog):
    course = make_course(catalog)
    from learning.evaluation import evaluation_items

    items = evaluation_items(course)
    assert items[0] == "The objective was met: Explain a rule."
    assert "The content is relevant to my practice." in items and len(items) == 3


def test_evaluation_required_before_certificate_on_approved_module(catalog, learner, client):
    _require_with_approval()
    course = certified_course(catalog)
    pass_course(learner, course)
    assert not Certificate.objects.filter(learner=learner).exists()
    client.force_login(learner)
    page = client.get(course.url).content.decode()
    assert "Evaluate the course" in page and "evaluation/" in page
    assert "Get my certificate" not in page
    response = client.post(f"{course.url}evaluation/", _answers(3))
    assert response.status_code == 302
    assert Certificate.objects.filter(learner=learner, course=course, status="valid").exists()
    assert EvaluationReceipt.objects.filter(learner=learner, course=course).count() == 1
    assert "Course evaluation sent" in client.get(course.url).content.decode()


def test_module_without_approval_issues_on_pass_and_offers_optional_evaluation(
    catalog, learner, client
):
    _require_with_approval()
    course = make_course(catalog)
    pass_course(learner, course)
    assert Certificate.objects.filter(learner=learner).exists()
    client.force_login(learner)
    assert "(optional, anonymous)" in client.get(course.url).content.decode()


def test_module_policy_overrides_the_default(catalog, learner):
    course = make_course(catalog)
    ModuleEvaluationPolicy.objects.create(course=course, requirement="required")
    pass_course(learner, course)
    assert not Certificate.objects.filter(learner=learner).exists()


def test_posted_twice_is_refused_and_nothing_more_is_stored(catalog, learner, client):
    course = make_course(catalog)
    pass_course(learner, course)
    client.force_login(learner)
    client.post(f"{course.url}evaluation/", _answers(3))
    response = client.post(f"{course.url}evaluation/", _answers(3, value="1"), follow=True)
    assert "already evaluated" in response.content.decode()
    assert EvaluationResponse.objects.count() == 1 and EvaluationReceipt.objects.count() == 1


def test_not_passed_is_refused(catalog, learner, client):
    course = make_course(catalog)
    client.force_login(learner)
    response = client.post(f"{course.url}evaluation/", _answers(3))
    assert response.status_code == 403
    assert "once you have passed" in response.content.decode()
    assert not EvaluationResponse.objects.exists() and not EvaluationReceipt.objects.exists()


@pytest.mark.parametrize("bad", ["0", "6", "x", ""])
def test_out_of_range_is_refused(catalog, learner, client, bad):
    course = make_course(catalog)
    pass_course(learner, course)
    client.force_login(learner)
    data = _answers(3)
    data["item_1"] = bad
    response = client.post(f"{course.url}evaluation/", data)
    assert response.status_code == 400
    assert "1 to 5" in response.content.decode()
    assert not EvaluationResponse.objects.exists() and not EvaluationReceipt.objects.exists()


def test_responses_have_no_learner_column():
    fields = {field.name for field in EvaluationResponse._meta.get_fields()}
    assert not fields & {"learner", "user", "attempt", "email"}


def test_report_is_anonymous_with_figures_and_csv(catalog, make_user, client, admin_user):
    course = make_course(catalog)
    for value in ["5", "3"]:
        someone = make_user(first_name="Zed", last_name="Secretname")
        pass_course(someone, course)
        client.force_login(someone)
        client.post(f"{course.url}evaluation/", _answers(3, value=value, comments=f"c{value}"))
    client.force_login(admin_user)
    url = f"/admin/learning/evaluations/?module={course.code}"
    html = client.get(url).content.decode()
    assert "2 evaluations" in html and "4.00" in html and "c5" in html and "c3" in html
    assert "Secretname" not in html and "@example.com" not in html
    body = client.get(url + "&format=csv").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["module", "item", "responses", "mean", *[f"rated {p}" for p in range(1, 6)]]
    assert rows[1][2:] == ["2", "4.00", "0", "0", "1", "0", "1"]
    assert "Secretname" not in body and "@example.com" not in body
    receipts = client.get(f"/admin/learning/evaluations/receipts/?module={course.code}")
    assert "Secretname" in receipts.content.decode()


def test_report_refuses_non_provider_admins(catalog, make_user, client):
    course = make_course(catalog)
    approve(course)
    staff = make_user(is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    response = client.get(f"/admin/learning/evaluations/?module={course.code}")
    assert response.status_code == 403
