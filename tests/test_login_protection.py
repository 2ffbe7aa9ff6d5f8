"""The public and the admin log-in share one lock-out; the admin lets in admins only."""

from django.contrib.auth.models import Group, Permission

import pytest

PASSWORD = "correct-horse-battery"


@pytest.fixture
def editor(make_user):
    user = make_user(email="ed@example.com")
    group = Group.objects.create(name="Editors here")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def admin_login(client, email, password, **extra):
    return client.post("/admin/login/", {"username": email, "password": password}, **extra)


def public_login(client, email, password, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


@pytest.mark.parametrize("login", [admin_login, public_login])
def test_thirty_wrong_passwords_lock_the_account_out(client, editor, login):
    statuses = [login(client, editor.email, f"wrong-{n}").status_code for n in range(30)]
    assert 429 in statuses
    response = login(client, editor.email, PASSWORD)
    assert response.status_code == 429
    assert "Log-in paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_at_the_public_log_in_count_at_the_admin_too(client, editor):
    for n in range(5):
        public_login(client, editor.email, f"wrong-{n}")
    response = admin_login(client, editor.email.upper(), PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lock_out_follows_the_client_address_behind_a_proxy(client, editor, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(5):
        admin_login(
            client, f"nobody{n}@example.com", "x", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}, 203.0.113.9"
        )
    blocked = admin_login(client, editor.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert blocked.status_code == 429
    elsewhere = admin_login(client, editor.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert elsewhere.status_code == 302


def test_a_learner_cannot_log_in_to_the_admin(client, learner):
    response = admin_login(client, learner.email, PASSWORD)
    assert response.status_code == 200
    assert "You do not have permission to access the admin." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_editor_logs_in_to_the_admin(client, editor):
    response = admin_login(client, editor.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_learner_still_logs_in_to_the_site(client, learner):
    response = public_login(client, learner.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
