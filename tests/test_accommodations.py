"""Quiz accommodations: extra time and attempts for one learner, applied by the services,
recorded on the attempt, counted in reports, granted by provider admins only."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from home.site_setup import ensure_provider_admin_group
from quizzes.accommodations import accommodation_for, attempts_allowed, time_limit
from quizzes.models import Accommodation, Attempt, QuizPage
from quizzes.reports import item_analysis
from quizzes.services import AttemptNotAllowed, check_eligibility, start_attempt, submit_attempt
from tests.factories import make_course

ADMIN = "/admin/accommodations/"


def wrong_answers(attempt):
    return {
        q["id"]: [next(c["id"] for c in q["choices"] if not c["correct"])]
        for q in attempt.questions
    }


@pytest.fixture
def quiz(catalog):
    course = make_course(catalog, lessons=0, attempts_allowed=2, time_limit_minutes=20)
    return QuizPage.objects.child_of(course).get()


def grant(quiz, learner, multiplier="1.5", extra=1, reason="Documented dyslexia"):
    return Accommodation.objects.create(
        quiz=quiz,
        learner=learner,
        time_multiplier=Decimal(multiplier) if multiplier else None,
        extra_attempts=extra,
        reason=reason,
    )


def provider_admin(make_user):
    user = make_user(is_staff=True, email="admin@example.com")
    user.groups.add(ensure_provider_admin_group())
    return user


# --- the services -------------------------------------------------------------------


def test_deadline_is_the_limit_times_the_multiplier(quiz, learner, make_user):
    accommodation = grant(quiz, learner, multiplier="1.5")
    now = timezone.now()
    attempt = start_attempt(quiz, learner, now=now)
    assert attempt.deadline == now + timedelta(minutes=30)
    assert attempt.accommodation == accommodation
    assert attempt.accommodation_terms == {
        "id": accommodation.pk,
        "time_multiplier": "1.50",
        "extra_attempts": 1,
        "reason": "Documented dyslexia",
    }
    other = start_attempt(quiz, make_user(), now=now)
    assert other.deadline == now + timedelta(minutes=20)
    assert other.accommodation is None and other.accommodation_terms is None


def test_multiplier_scales_in_seconds(quiz, learner):
    quiz.time_limit_minutes = 7
    assert time_limit(quiz, grant(quiz, learner, multiplier="1.25")) == timedelta(
        minutes=8, seconds=45
    )
    quiz.time_limit_minutes = None
    assert time_limit(quiz, accommodation_for(quiz, learner)) is None  # untimed stays untimed


def test_extra_attempts_are_added_to_the_quiz_limit(quiz, learner, make_user):
    grant(quiz, learner, multiplier=None, extra=2)
    for _ in range(4):
        attempt = start_attempt(quiz, learner)
        submit_attempt(attempt, wrong_answers(attempt))
    with pytest.raises(AttemptNotAllowed, match="all 4 attempts"):
        start_attempt(quiz, learner)
    assert Attempt.objects.filter(learner=learner).count() == 4

    someone = make_user()
    for _ in range(2):
        attempt = start_attempt(quiz, someone)
        submit_attempt(attempt, wrong_answers(attempt))
    with pytest.raises(AttemptNotAllowed, match="all 2 attempts"):
        start_attempt(quiz, someone)


def test_check_eligibility_applies_the_accommodation(quiz, learner):
    accommodation = grant(quiz, learner, multiplier=None, extra=1)
    for _ in range(2):
        attempt = start_attempt(quiz, learner)
        submit_attempt(attempt, wrong_answers(attempt))
    used = list(Attempt.objects.filter(learner=learner))
    now = timezone.now()
    assert not check_eligibility(quiz, used, now=now).allowed
    assert check_eligibility(quiz, used, now=now, accommodation=accommodation).allowed
    quiz.attempts_allowed = 0
    assert attempts_allowed(quiz, accommodation) == 0  # unlimited stays unlimited


def test_the_quiz_page_lets_the_learner_use_the_extra_attempt(client, quiz, learner):
    grant(quiz, learner, multiplier=None, extra=1)
    for _ in range(2):
        attempt = start_attempt(quiz, learner)
        submit_attempt(attempt, wrong_answers(attempt))
    client.force_login(learner)
    page = client.get(quiz.url).content.decode()
    assert "You have used all" not in page
    assert "Start attempt 3" in page
    assert "Your accommodation applies: 3 attempts allowed." in page


def test_the_quiz_page_states_the_extra_time(client, quiz, learner, make_user):
    grant(quiz, learner, multiplier="1.5", extra=0)
    client.force_login(learner)
    page = client.get(quiz.url).content.decode()
    assert "a time limit of 30 minutes per attempt." in page
    client.force_login(make_user())
    assert "Your accommodation" not in client.get(quiz.url).content.decode()


def test_frozen_terms_survive_an_edit_and_a_deletion(quiz, learner):
    accommodation = grant(quiz, learner, multiplier="2")
    attempt = start_attempt(quiz, learner)
    accommodation.time_multiplier = Decimal("3")
    accommodation.save()
    attempt.refresh_from_db()
    assert attempt.accommodation_terms["time_multiplier"] == "2.00"
    accommodation.delete()
    attempt.refresh_from_db()
    assert attempt.accommodation is None
    assert attempt.accommodation_terms["time_multiplier"] == "2.00"


def test_item_analysis_counts_accommodated_attempts(quiz, learner, make_user):
    grant(quiz, learner)
    for user in (learner, make_user()):
        attempt = start_attempt(quiz, user)
        submit_attempt(attempt, wrong_answers(attempt))
    analysis = item_analysis(quiz)
    assert analysis.attempts == 2
    assert all(question.served == 2 for question in analysis.questions)


def test_a_pass_under_an_accommodation_is_certified_and_reported(catalog, learner):
    from certificates.models import Certificate
    from records.models import CompletionRecord
    from tests.certs import certified_course, open_all_lessons, right_answers

    course = certified_course(catalog)
    quiz = QuizPage.objects.child_of(course).get()
    grant(quiz, learner, multiplier="2", extra=0)
    open_all_lessons(learner, course)
    attempt = start_attempt(quiz, learner)
    attempt, _ = submit_attempt(attempt, right_answers(attempt))
    assert attempt.passed and attempt.accommodation_terms["time_multiplier"] == "2.00"
    certificate = Certificate.objects.get(learner=learner, course=course)
    assert certificate.attempt == attempt
    assert CompletionRecord.objects.filter(certificate=certificate).count() == 1


def test_seat_time_counts_the_extra_time(quiz, learner):
    from learning.seat_time import quiz_seconds

    grant(quiz, learner, multiplier="2", extra=0)
    started = timezone.now() - timedelta(minutes=35)
    attempt = start_attempt(quiz, learner, now=started)
    submit_attempt(attempt, wrong_answers(attempt), now=started + timedelta(minutes=35))
    assert quiz_seconds(learner, quiz.get_parent()) == pytest.approx(35 * 60)


# --- validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"time_multiplier": Decimal("1")}, "time_multiplier", "more than 1"),
        ({"time_multiplier": Decimal("0.5")}, "time_multiplier", "more than 1"),
        ({"time_multiplier": Decimal("4.01")}, "time_multiplier", "at most 4"),
        ({"extra_attempts": -1}, "extra_attempts", "negative"),
        ({"reason": "   "}, "reason", "reason"),
        ({"time_multiplier": None, "extra_attempts": 0}, "__all__", "extra time, extra"),
    ],
)
def test_bad_terms_are_refused_with_a_message(quiz, learner, fields, field, message):
    values = {"time_multiplier": Decimal("1.5"), "extra_attempts": 0, "reason": "ADA"} | fields
    accommodation = Accommodation(quiz=quiz, learner=learner, **values)
    with pytest.raises(ValidationError) as refused:
        accommodation.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_the_database_refuses_bad_terms_and_duplicates(quiz, learner):
    grant(quiz, learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        grant(quiz, learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Accommodation.objects.filter(quiz=quiz).update(time_multiplier=Decimal("1"))


# --- the admin ----------------------------------------------------------------------


def form_data(quiz, user, **fields):
    return {
        "quiz": quiz.pk,
        "learner": user.email,
        "time_multiplier": "1.5",
        "extra_attempts": "1",
        "reason": "Documented processing disorder",
    } | fields


def test_provider_admin_grants_an_accommodation(client, quiz, learner, make_user):
    admin = provider_admin(make_user)
    client.force_login(admin)
    assert client.get(ADMIN).status_code == 200
    assert client.get(f"{ADMIN}new/").status_code == 200
    response = client.post(f"{ADMIN}new/", form_data(quiz, learner))
    assert response.status_code == 302, response.content.decode()[:2000]
    accommodation = Accommodation.objects.get()
    assert (accommodation.learner, accommodation.quiz) == (learner, quiz.specific)
    assert accommodation.time_multiplier == Decimal("1.5")
    assert accommodation.granted_by == admin
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(action="wagtail.create")
    assert entry.object_id == str(accommodation.pk) and entry.user == admin
    edit = client.get(f"{ADMIN}edit/{accommodation.pk}/").content.decode()
    assert learner.email in edit
    assert learner.email in client.get(ADMIN).content.decode()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"time_multiplier": "1"}, "more than 1"),
        ({"time_multiplier": "5"}, "at most 4"),
        ({"extra_attempts": "-2"}, "cannot be negative"),
        ({"reason": ""}, "This field is required"),
        ({"reason": "   "}, "This field is required"),
        ({"learner": "nobody@example.com"}, "No active learner"),
    ],
)
def test_the_admin_form_refuses_bad_input(client, quiz, learner, make_user, fields, message):
    client.force_login(provider_admin(make_user))
    response = client.post(f"{ADMIN}new/", form_data(quiz, learner, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Accommodation.objects.exists()


def test_a_second_accommodation_for_the_same_quiz_and_learner_is_refused(
    client, quiz, learner, make_user
):
    grant(quiz, learner)
    client.force_login(provider_admin(make_user))
    response = client.post(f"{ADMIN}new/", form_data(quiz, learner))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Accommodation.objects.count() == 1


def test_editors_cannot_reach_accommodations(client, quiz, learner, make_user):
    editor = make_user(is_staff=True)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    assert client.get(ADMIN).status_code in (302, 403)
    response = client.post(f"{ADMIN}new/", form_data(quiz, learner))
    assert response.status_code in (302, 403)
    assert not Accommodation.objects.exists()
