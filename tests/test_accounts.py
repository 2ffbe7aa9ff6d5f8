import re

from django.core import mail

from accounts.models import User

SIGNUP = {
    "first_name": "Pat",
    "last_name": "Trainer",
    "password1": "a-long-Unusual-passphrase-42",
    "password2": "a-long-Unusual-passphrase-42",
}


def confirm_email(client, message):
    """Follow the confirmation link in a sign-up e-mail and press Confirm."""
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", message.body).group(1)
    return client.post(link)


def test_sign_up_with_email_and_name_then_log_in(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Pat",
            "last_name": "Trainer",
            "email": "pat@example.com",
            "password1": "a-long-Unusual-passphrase-42",
            "password2": "a-long-Unusual-passphrase-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="pat@example.com")
    assert (user.first_name, user.last_name) == ("Pat", "Trainer")
    assert user.name_for_certificate == "Pat Trainer"
    confirm_email(client, mail.outbox[-1])
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "pat@example.com", "password": "a-long-Unusual-passphrase-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_sign_up_errors_are_shown_next_to_labelled_fields(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-email", "password1": "x", "password2": "y"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_email">' in html
    assert "Enter a valid email address." in html
    assert not User.objects.exists()


def test_password_reset_sends_an_email(client, learner):
    response = client.post("/accounts/password/reset/", {"email": learner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_profile_sets_the_name_printed_on_certificates(client, learner):
    client.force_login(learner)
    response = client.post(
        "/accounts/profile/",
        {"first_name": "Lee", "last_name": "Learner", "certificate_name": "Dr. Lee A. Learner"},
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.name_for_certificate == "Dr. Lee A. Learner"


def test_profile_needs_login(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_profile_keeps_credential_numbers_per_body(client, learner):
    from certifying_bodies.models import CertifyingBody, LearnerCredential

    ncbtmb = CertifyingBody.objects.create(name="NCBTMB", code="NCBTMB", credits_per_hour=1)
    board = CertifyingBody.objects.create(name="Florida board", code="FL-BOARD", credits_per_hour=1)
    client.force_login(learner)
    base = {"first_name": "Lee", "last_name": "Learner", "certificate_name": ""}
    response = client.post(
        "/accounts/profile/",
        {
            **base,
            f"body-{ncbtmb.pk}-credential_number": "NCB-998877",
            f"body-{board.pk}-credential_number": "MA12345",
            f"body-{board.pk}-licence_state": "fl",
            f"body-{board.pk}-profession": "LMT",
        },
    )
    assert response.status_code == 302
    numbers = {
        c.body.code: (c.credential_number, c.licence_state) for c in LearnerCredential.objects.all()
    }
    assert numbers == {"NCBTMB": ("NCB-998877", ""), "FL-BOARD": ("MA12345", "FL")}

    # A bad state is refused with the field named, and nothing is saved.
    response = client.post(
        "/accounts/profile/",
        {
            **base,
            "first_name": "Changed",
            f"body-{board.pk}-credential_number": "MA1",
            f"body-{board.pk}-licence_state": "Florida",
        },
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 2 characters" in response.content.decode()
    learner.refresh_from_db()
    assert learner.first_name == "Lee"

    # Clearing a number removes it.
    client.post(
        "/accounts/profile/",
        {
            **base,
            f"body-{board.pk}-credential_number": "MA12345",
            f"body-{board.pk}-licence_state": "FL",
        },
    )
    assert list(LearnerCredential.objects.values_list("body__code", flat=True)) == ["FL-BOARD"]


def test_signing_up_with_a_taken_address_looks_like_any_sign_up(client, learner):
    fresh = client.post("/accounts/signup/", {**SIGNUP, "email": "new@example.com"})
    client.logout()
    taken = client.post("/accounts/signup/", {**SIGNUP, "email": learner.email})
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == "/accounts/confirm-email/"
    page = client.get(taken["Location"]).content.decode()
    assert "already" not in page.lower()
    # No second account; the owner is told someone tried to sign up with the address.
    assert User.objects.filter(email=learner.email).count() == 1
    to_owner = [m for m in mail.outbox if m.to == [learner.email]]
    assert len(to_owner) == 1 and "already" in to_owner[0].body.lower()
    assert "already" not in taken.content.decode().lower()
