"""Small things a professional user notices: enrolment, profile, admin screens."""

from datetime import timedelta

from django.utils import timezone

from certificates.models import Certificate
from courses.models import LessonPage
from learning.seat_time import record_lesson_view
from tests.certs import certified_course, pass_course
from tests.factories import make_course
from tests.test_certificate_admin import provider_admin


def test_no_enrol_button_once_the_learner_is_under_way(client, catalog, learner):
    course = make_course(catalog, lessons=2)
    client.force_login(learner)
    assert "Enrol in this module" in client.get(course.url).content.decode()
    record_lesson_view(learner, LessonPage.objects.child_of(course).first())
    assert "Enrol in this module" not in client.get(course.url).content.decode()


def test_the_profile_requires_the_names_printed_on_certificates(client, learner):
    client.force_login(learner)
    page = client.get("/accounts/profile/").content.decode()
    assert "First name</label>" in page and "First name <span" not in page
    assert "Last name</label>" in page and "Last name <span" not in page
    response = client.post(
        "/accounts/profile/", {"first_name": "", "last_name": "", "certificate_name": ""}
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    learner.refresh_from_db()
    assert (learner.first_name, learner.last_name) == ("Lee", "Learner")


def test_the_admin_loads_no_avatar_from_other_sites(client, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in ("/admin/", "/admin/account/"):
        assert "gravatar" not in client.get(url).content.decode().lower()


def test_the_admin_lists_a_modules_lessons_in_lesson_order(client, catalog, make_user):
    course = make_course(catalog, lessons=3)
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    # Edited in reverse order, so newest-first would put the last lesson on top.
    now = timezone.now()
    for age, lesson in enumerate(lessons):
        LessonPage.objects.filter(pk=lesson.pk).update(
            latest_revision_created_at=now - timedelta(days=10 - age)
        )
    client.force_login(make_user(is_staff=True, is_superuser=True))
    html = client.get(f"/admin/pages/{course.pk}/").content.decode()
    rows = html[html.index("<tbody>") :]
    positions = [rows.index(lesson.title) for lesson in lessons]
    assert positions == sorted(positions)


def test_the_certificate_inspect_screen_shows_labelled_fields(client, catalog, learner, make_user):
    pass_course(learner, certified_course(catalog))
    certificate = Certificate.objects.get()
    client.force_login(provider_admin(make_user))
    html = client.get(f"/admin/certificate_admin/inspect/{certificate.pk}/").content.decode()
    assert "Printed name" in html and "Lee Learner" in html
    assert "Approvals" in html and "NCBTMB-COURSE-9" in html
    assert "{&#x27;learner_name&#x27;" not in html and "{'learner_name'" not in html
