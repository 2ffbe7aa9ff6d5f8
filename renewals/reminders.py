"""Reminder e-mails: a renewal cycle ending with credits missing, a certificate expiring.

`send_reminders(today)` decides, per learner, what is due. Each reminder is claimed by
writing its `ReminderSent` row (unique per learner × kind × subject × period × threshold)
in its own transaction; the e-mail goes out only after that commits. Running it again, or
twice at once, finds the row and sends nothing: a reminder goes once per threshold.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate

from .cycles import learner_cycles
from .models import ReminderPreference, ReminderSent

logger = logging.getLogger(__name__)

CYCLE_THRESHOLDS = (90, 30, 7)  # days left in a cycle with credits missing
EXPIRY_THRESHOLD = 30  # days before a certificate's expiry date


@dataclass
class Run:
    sent: list = field(default_factory=list)
    already: int = 0


def due_threshold(days_left, thresholds=CYCLE_THRESHOLDS):
    """The most urgent threshold reached (a missed run never sends the older ones)."""
    reached = [t for t in thresholds if 0 <= days_left <= t]
    return min(reached) if reached else None


def _claim(learner, *, kind, subject, period_end, threshold, days_left, mail) -> bool:
    """Record the reminder and queue its e-mail after commit; False when already sent."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                learner=learner,
                kind=kind,
                subject=subject,
                period_end=period_end,
                threshold_days=threshold,
                days_left=days_left,
                email=learner.email,
            )
            transaction.on_commit(lambda: _send(learner.email, *mail))
    except IntegrityError:
        return False
    return True


def _send(address, subject, body):
    try:
        send_mail(subject, body, None, [address], fail_silently=False)
    except Exception:
        logger.exception("Could not send a reminder to %s", address)


def _links():
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "dashboard_url": base + reverse("dashboard"),
        "profile_url": base + reverse("profile"),
    }


def cycle_reminders(learner, today, run):
    for cycle in learner_cycles(learner, today=today):
        status = cycle.status
        if status is None or status.complete:
            continue
        threshold = due_threshold(status.days_left)
        if threshold is None:
            continue
        body = cycle.body
        context = {"learner": learner, "cycle": cycle, "status": status, **_links()}
        mail = (
            f"{body.code} renewal: {status.needed.normalize()} {body.credit_unit} still needed, "
            f"{status.days_left} days left",
            render_to_string("renewals/email/cycle_reminder.txt", context),
        )
        claimed = _claim(
            learner,
            kind=ReminderSent.Kind.CYCLE,
            subject=body.code,
            period_end=status.cycle.end,
            threshold=threshold,
            days_left=status.days_left,
            mail=mail,
        )
        if claimed:
            run.sent.append((learner.email, body.code, threshold))
        else:
            run.already += 1


def expiry_reminders(learner, certificates, today, run):
    for certificate in certificates:
        days_left = (certificate.valid_until - today).days
        context = {"learner": learner, "certificate": certificate, "days_left": days_left}
        mail = (
            f"Your certificate for {certificate.snapshot.get('course_title', '')} expires on "
            f"{certificate.valid_until:%d %B %Y}",
            render_to_string("renewals/email/expiry_reminder.txt", {**context, **_links()}),
        )
        claimed = _claim(
            learner,
            kind=ReminderSent.Kind.EXPIRY,
            subject=certificate.code,
            period_end=certificate.valid_until,
            threshold=EXPIRY_THRESHOLD,
            days_left=days_left,
            mail=mail,
        )
        if claimed:
            run.sent.append((learner.email, certificate.code, EXPIRY_THRESHOLD))
        else:
            run.already += 1


def send_reminders(today=None) -> Run:
    today = today or timezone.localdate()
    run = Run()
    opted_out = ReminderPreference.objects.filter(email_reminders=False).values("learner_id")
    expiring = {}
    for certificate in Certificate.objects.filter(
        status=Certificate.Status.VALID,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=EXPIRY_THRESHOLD),
    ).exclude(learner_id__in=opted_out):
        expiring.setdefault(certificate.learner_id, []).append(certificate)
    with_certifications = (
        get_user_model()
        .objects.filter(is_active=True, credentials__isnull=False)
        .exclude(pk__in=opted_out)
        .distinct()
    )
    learners = {learner.pk: learner for learner in with_certifications}
    for learner in get_user_model().objects.filter(pk__in=expiring.keys(), is_active=True):
        learners.setdefault(learner.pk, learner)
    for pk, learner in sorted(learners.items()):
        cycle_reminders(learner, today, run)
        expiry_reminders(learner, expiring.get(pk, []), today, run)
    return run
