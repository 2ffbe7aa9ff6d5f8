"""Reminder e-mails: once per threshold however often the command runs; opt-out; expiry."""

import io
from datetime import date, timedelta
from decimal import Decimal as D

from django.core import mail
from django.core.management import call_command

import pytest

from certificates.models import Certificate
from certifying_bodies.models import CertifyingBody, LearnerCredential
from home.site_setup import ensure_launch_bodies
from renewals.models import ReminderPreference, ReminderSent
from renewals.reminders import due_threshold, send_reminders
from tests.certs import approve, pass_course
from tests.factories import make_course

CERTIFIED = date(2025, 6, 1)  # ACE cycle: 2025-06-01 to 2027-05-31
END = date(2027, 5, 31)


@pytest.fixture
def ace_holder(db, learner):
    ensure_launch_bodies()
    LearnerCredential.objects.create(
        learner=learner,
        body=CertifyingBody.objects.get(code="ACE"),
        credential_number="A1",
        certified_on=CERTIFIED,
    )
    return learner


@pytest.mark.parametrize(
    "days_left, threshold",
    [(120, None), (91, None), (90, 90), (31, 90), (30, 30), (8, 30), (7, 7), (0, 7), (-1, None)],
)
def test_due_threshold(days_left, threshold):
    assert due_threshold(days_left) == threshold


def run_days(days, command=False):
    for day in days:
        if command:
            call_command("send_reminders", "--today", day.isoformat(), stdout=io.StringIO())
        else:
            send_reminders(day)


def test_each_threshold_is_sent_once_across_repeated_runs(
    ace_holder, django_capture_on_commit_callbacks
):
    days = [END - timedelta(days=n) for n in (100, 90, 90, 89, 60, 30, 30, 29, 8, 7, 7, 1, 0)]
    with django_capture_on_commit_callbacks(execute=True):
        run_days(days)
        run_days(days, command=True)
    assert len(mail.outbox) == 3
    assert [m.to for m in mail.outbox] == [[ace_holder.email]] * 3
    assert "2 CEC still needed, 90 days left" in mail.outbox[0].subject
    assert "30 days left" in mail.outbox[1].subject and "7 days left" in mail.outbox[2].subject
    sent = ReminderSent.objects.order_by("sent_at")
    assert [(r.kind, r.subject, r.threshold_days, r.period_end) for r in sent] == [
        ("cycle", "ACE", t, END) for t in (90, 30, 7)
    ]


def test_a_missed_run_sends_only_the_most_urgent_threshold(
    ace_holder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(END - timedelta(days=20))
    assert len(mail.outbox) == 1 and "20 days left" in mail.outbox[0].subject
    assert ReminderSent.objects.get().threshold_days == 30


def test_no_reminder_when_complete_or_opted_out(
    ace_holder, catalog, django_capture_on_commit_callbacks
):
    ReminderPreference.objects.create(learner=ace_holder, email_reminders=False)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(END - timedelta(days=30))
    assert not mail.outbox and not ReminderSent.objects.exists()
    ReminderPreference.objects.filter(learner=ace_holder).update(email_reminders=True)
    course = make_course(catalog, lessons=1)
    approve(course, code="ACE", credits_override=D("2.0"), valid_from=CERTIFIED)
    pass_course(ace_holder, course)
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(completed_on=date(2026, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(END - timedelta(days=30))
    assert not ReminderSent.objects.filter(kind="cycle").exists()


def test_the_opt_out_is_in_the_profile(client, ace_holder):
    client.force_login(ace_holder)
    html = client.get("/accounts/profile/").content.decode()
    assert "Reminder e-mails" in html
    data = {"first_name": "Lee", "last_name": "Learner"}
    assert client.post("/accounts/profile/", data).status_code == 302
    assert ReminderPreference.objects.get(learner=ace_holder).email_reminders is False


def test_expiry_reminder_once(learner, catalog, django_capture_on_commit_callbacks):
    course = make_course(catalog, lessons=1)
    approve(course)
    pass_course(learner, course)
    certificate = Certificate.objects.get()
    expires = date.today() + timedelta(days=25)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=expires)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(date.today() - timedelta(days=10))  # 35 days before: nothing yet
        send_reminders()
        send_reminders()
    assert len(mail.outbox) == 1
    assert "expires on" in mail.outbox[0].subject and certificate.code in mail.outbox[0].body
    reminder = ReminderSent.objects.get()
    assert (reminder.kind, reminder.subject, reminder.period_end) == (
        "expiry",
        certificate.code,
        expires,
    )
