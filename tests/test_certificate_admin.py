from django.contrib.auth.models import Permission

from certificates.models import Certificate
from home.site_setup import ensure_provider_admin_group
from tests.certs import certified_course, pass_course


def provider_admin(make_user):
    """A member of the "Provider admins" group that `make run` sets up."""
    user = make_user(is_staff=True)
    user.groups.add(ensure_provider_admin_group())
    return user


def test_provider_admin_lists_inspects_and_revokes(client, catalog, learner, make_user):
    pass_course(learner, certified_course(catalog))
    certificate = Certificate.objects.get()
    client.force_login(provider_admin(make_user))
    listing = client.get("/admin/certificate_admin/").content.decode()
    assert certificate.code in listing
    inspect = client.get(f"/admin/certificate_admin/inspect/{certificate.pk}/")
    assert inspect.status_code == 200 and "Revoke" in inspect.content.decode()

    url = f"/admin/certificate_admin/revoke/{certificate.pk}/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(url, {"reason": "Identity could not be confirmed"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    page = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "Identity could not be confirmed" in page


def test_reissue_from_the_admin(client, catalog, learner, make_user):
    pass_course(learner, certified_course(catalog))
    old = Certificate.objects.get()
    client.force_login(provider_admin(make_user))
    response = client.post(
        f"/admin/certificate_admin/reissue/{old.pk}/",
        {"learner_name": "Leigh Learner", "reason": "Spelling of first name"},
    )
    assert response.status_code == 302
    new = Certificate.objects.get(status="valid")
    assert new.snapshot["learner_name"] == "Leigh Learner"
    old.refresh_from_db()
    assert old.superseded_by == new


def test_nobody_edits_or_deletes_certificates_in_the_admin(
    client, catalog, learner, django_user_model
):
    pass_course(learner, certified_course(catalog))
    certificate = Certificate.objects.get()
    superuser = django_user_model.objects.create_superuser(email="root@example.com", password="x")
    client.force_login(superuser)
    for url in (
        f"/admin/certificate_admin/edit/{certificate.pk}/",
        f"/admin/certificate_admin/delete/{certificate.pk}/",
        "/admin/certificate_admin/new/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    response = client.post(f"/admin/certificate_admin/delete/{certificate.pk}/")
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_staff_without_the_permission_cannot_revoke(client, catalog, learner, make_user):
    pass_course(learner, certified_course(catalog))
    certificate = Certificate.objects.get()
    editor = make_user(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.post(f"/admin/certificate_admin/revoke/{certificate.pk}/", {"reason": "no"})
    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == "valid"
