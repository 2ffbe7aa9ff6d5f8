from datetime import date, timedelta

from certifying_bodies.models import CourseApproval
from certifying_bodies.wagtail_hooks import approval_status
from home.site_setup import ensure_provider_admin_group
from tests.certs import approve
from tests.factories import make_course


def test_approval_status_warns_within_sixty_days(catalog):
    course = make_course(catalog, lessons=1)
    today = date.today()
    cases = [
        (today + timedelta(days=90), "Valid"),
        (today + timedelta(days=60), "Expires in 60 days"),
        (today + timedelta(days=1), "Expires in 1 day"),
        (today - timedelta(days=1), "Expired"),
        (None, "Valid"),
    ]
    for index, (valid_until, expected) in enumerate(cases):
        approval = approve(
            course,
            code=f"B{index}",
            valid_from=today - timedelta(days=200),
            valid_until=valid_until,
        )
        assert approval_status(approval, today) == expected
    future = approve(course, code="LATER", valid_from=today + timedelta(days=5))
    assert approval_status(future, today) == "Not yet valid"
    assert set(CourseApproval.objects.expiring_within().values_list("body__code", flat=True)) == {
        "B1",
        "B2",
    }


def test_admin_dashboard_lists_approvals_about_to_expire(client, catalog, make_user):
    course = make_course(catalog, lessons=1)
    approve(course, code="ACE", valid_until=date.today() + timedelta(days=20))
    approve(course, code="NFPT", valid_until=date.today() + timedelta(days=200))
    admin = make_user(is_staff=True)
    admin.groups.add(ensure_provider_admin_group())
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "Course approvals expiring within 60 days" in html
    assert "ACE-COURSE-9" in html and "NFPT-COURSE-9" not in html
    listing = client.get("/admin/courseapproval/").content.decode()
    assert "Expires in 20 days" in listing
