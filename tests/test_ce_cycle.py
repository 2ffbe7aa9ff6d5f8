"""The CE renewal cycle: arithmetic (table-driven), credits counted once, rules unknown."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from certifying_bodies.renewal import (
    Credit,
    RenewalRules,
    add_months,
    current_cycle,
    cycle_status,
)

ACE = RenewalRules(cycle_months=24, credits_required=D("2.0"))
NFPT = RenewalRules(
    cycle_months=12, credits_required=D("2.0"), carry_forward=True, first_cycle_exempt=True
)
NFPT_CAPPED_CARRY = RenewalRules(
    cycle_months=12,
    credits_required=D("2.0"),
    carry_forward=True,
    max_carry_forward=D("0.5"),
    first_cycle_exempt=True,
)
NCBTMB = RenewalRules(cycle_months=24, credits_required=D("24"), carry_forward=False)
CAPPED = RenewalRules(cycle_months=24, credits_required=D("2.0"), online_max_percent=D("50"))


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "rules, anchor, today, start, end, exempt",
    [
        # ACE, two years from the certification date.
        (ACE, {"certified_on": date(2025, 6, 1)}, date(2026, 12, 2), date(2025, 6, 1),
         date(2027, 5, 31), False),
        (ACE, {"certified_on": date(2022, 6, 1)}, date(2026, 12, 2), date(2026, 6, 1),
         date(2028, 5, 31), False),
        # NFPT: yearly, the first year after certification exempt.
        (NFPT, {"certified_on": date(2026, 3, 10)}, date(2026, 12, 2), date(2026, 3, 10),
         date(2027, 3, 9), True),
        (NFPT, {"certified_on": date(2025, 3, 10)}, date(2026, 12, 2), date(2026, 3, 10),
         date(2027, 3, 9), False),
        # Leap day anchor: boundaries counted from the anchor, never drifting.
        (NFPT, {"certified_on": date(2024, 2, 29)}, date(2025, 3, 1), date(2025, 2, 28),
         date(2026, 2, 27), False),
        (NFPT, {"certified_on": date(2024, 2, 29)}, date(2028, 3, 1), date(2028, 2, 29),
         date(2029, 2, 27), False),
        # A stated cycle end in the future: the cycle ending then.
        (ACE, {"cycle_ends_on": date(2027, 3, 31)}, date(2026, 12, 2), date(2025, 4, 1),
         date(2027, 3, 31), False),
        # A stated cycle end in the past rolls forward by whole cycles.
        (ACE, {"cycle_ends_on": date(2024, 3, 31)}, date(2026, 12, 2), date(2026, 4, 1),
         date(2028, 3, 31), False),
        (ACE, {"cycle_ends_on": date(2026, 12, 1)}, date(2026, 12, 2), date(2026, 12, 2),
         date(2028, 12, 1), False),
        # From a stated end we do not know which cycle is the first: never exempt.
        (NFPT, {"cycle_ends_on": date(2027, 1, 31)}, date(2026, 12, 2), date(2026, 2, 1),
         date(2027, 1, 31), False),
    ],
)  # fmt: skip
def test_current_cycle(rules, anchor, today, start, end, exempt):
    cycle = current_cycle(rules, today=today, **anchor)
    assert (cycle.start, cycle.end, cycle.exempt) == (start, end, exempt)
    assert cycle.start <= today <= cycle.end


def ours(day, credits):
    return Credit(day=day, credits=D(credits), online=True)


def external(day, credits, online=False):
    return Credit(day=day, credits=D(credits), online=online, self_reported=True)


TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    "rules, anchor, credits, required, carried, counted, needed, complete",
    [
        # ACE: nothing yet; then 0.5 here + 1.0 external; then complete.
        (ACE, {"certified_on": date(2025, 6, 1)}, [], "2.0", "0", "0", "2.0", False),
        (ACE, {"certified_on": date(2025, 6, 1)},
         [ours(date(2026, 1, 5), "0.5"), external(date(2026, 2, 1), "1.0")],
         "2.0", "0", "1.5", "0.5", False),
        (ACE, {"certified_on": date(2025, 6, 1)},
         [ours(date(2026, 1, 5), "1.5"), ours(date(2025, 6, 1), "0.5"),
          ours(date(2025, 5, 31), "9")],  # the day before the cycle: not counted
         "2.0", "0", "2.0", "0", True),
        # NFPT first year: exempt, complete with nothing.
        (NFPT, {"certified_on": date(2026, 3, 10)}, [], "0", "0", "0", "0", True),
        # NFPT second year: the exempt first year carries nothing.
        (NFPT, {"certified_on": date(2025, 3, 10)}, [ours(date(2025, 9, 1), "3")],
         "2.0", "0", "0", "2.0", False),
        # NFPT third year: 3.0 in the second year carries 1.0 forward.
        (NFPT, {"certified_on": date(2024, 3, 10)},
         [ours(date(2025, 9, 1), "3"), ours(date(2026, 4, 1), "0.4")],
         "2.0", "1", "1.4", "0.6", False),
        # ...capped by the body's maximum carried forward.
        (NFPT_CAPPED_CARRY, {"certified_on": date(2024, 3, 10)},
         [ours(date(2025, 9, 1), "3"), ours(date(2026, 4, 1), "0.4")],
         "2.0", "0.5", "0.9", "1.1", False),
        # NCBTMB: no carry-over, whatever the previous cycle earned.
        (NCBTMB, {"certified_on": date(2023, 6, 1)},
         [ours(date(2024, 1, 1), "40"), ours(date(2025, 7, 1), "10")],
         "24", "0", "10", "14", False),
        # Online cap 50 %: 2.0 online counts 1.0; live external credit fills the rest.
        (CAPPED, {"certified_on": date(2025, 6, 1)}, [ours(date(2026, 1, 1), "2.0")],
         "2.0", "0", "1.0", "1.0", False),
        (CAPPED, {"certified_on": date(2025, 6, 1)},
         [ours(date(2026, 1, 1), "2.0"), external(date(2026, 2, 1), "1.0")],
         "2.0", "0", "2.0", "0", True),
        # Online external credit is capped too.
        (CAPPED, {"certified_on": date(2025, 6, 1)},
         [ours(date(2026, 1, 1), "1.0"), external(date(2026, 2, 1), "1.0", online=True)],
         "2.0", "0", "1.0", "1.0", False),
    ],
)  # fmt: skip
def test_cycle_status(rules, anchor, credits, required, carried, counted, needed, complete):
    status = cycle_status(rules, credits, today=TODAY, **anchor)
    assert status.required == D(required)
    assert status.carried_in == D(carried)
    assert status.counted == D(counted)
    assert status.needed == D(needed)
    assert status.complete is complete
    assert status.days_left == (status.cycle.end - TODAY).days


def test_days_left_and_split_between_here_and_external():
    status = cycle_status(
        ACE,
        [ours(date(2026, 1, 5), "0.5"), external(date(2026, 2, 1), "1.0")],
        today=TODAY,
        certified_on=date(2025, 6, 1),
    )
    assert status.days_left == (date(2027, 5, 31) - TODAY).days
    assert (status.earned_here, status.external) == (D("0.5"), D("1.0"))


def test_either_anchor_is_required():
    with pytest.raises(ValueError):
        current_cycle(ACE, today=TODAY)


# --- The learner's cycles, from certificates and self-reported credits ------------------


@pytest.fixture
def ace_learner(catalog, learner):
    from certifying_bodies.models import LearnerCredential
    from home.site_setup import ensure_launch_bodies
    from tests.certs import approve
    from tests.factories import make_course

    ensure_launch_bodies()
    course = make_course(catalog, lessons=1)
    # The launch body (2.0 CECs every 24 months); this module gives 1.0 CEC.
    approve(course, code="ACE", credits_override=D("1.0"))
    LearnerCredential.objects.create(
        learner=learner,
        body=ace(),
        credential_number="ACE-123",
        certified_on=date.today() - timedelta(days=100),
    )
    return learner, course


def ace():
    from certifying_bodies.models import CertifyingBody

    return CertifyingBody.objects.get(code="ACE")


def add_external(learner, credits="1.0", body=None, **fields):
    from renewals.models import ExternalCredit

    fields.setdefault("completed_on", date.today() - timedelta(days=3))
    fields.setdefault("title", "Kettlebell workshop")
    fields.setdefault("provider", "Gym Co")
    return ExternalCredit.objects.create(
        learner=learner, body=body or ace(), credits=D(credits), **fields
    )


def test_cycle_counts_certificates_and_external_credits(ace_learner):
    from renewals.cycles import learner_cycles
    from tests.certs import pass_course

    learner, course = ace_learner
    [cycle] = learner_cycles(learner)
    assert (cycle.status.required, cycle.status.needed) == (D("2.0"), D("2.0"))
    pass_course(learner, course)
    add_external(learner, "0.5")
    [cycle] = learner_cycles(learner)
    assert cycle.status.earned_here == D("1.0")
    assert cycle.status.external == D("0.5")
    assert cycle.status.needed == D("0.5")
    assert [item.self_reported for item in cycle.items] == [True, False]


def test_reissued_certificate_counts_once_and_revoked_not_at_all(ace_learner, django_user_model):
    from certificates.issuing import reissue_certificate, revoke_certificate
    from certificates.models import Certificate
    from renewals.cycles import learner_cycles
    from tests.certs import pass_course

    learner, course = ace_learner
    pass_course(learner, course)
    admin = django_user_model.objects.create_superuser(email="a@example.com", password="x")
    first = Certificate.objects.get(learner=learner)
    second = reissue_certificate(first, user=admin, reason="Name")
    reissue_certificate(second, user=admin, reason="Name again")
    assert Certificate.objects.filter(learner=learner).count() == 3
    [cycle] = learner_cycles(learner)
    assert cycle.status.earned_here == D("1.0")
    assert len(cycle.items) == 1
    revoke_certificate(Certificate.objects.get(status="valid"), reason="Fraud", user=admin)
    [cycle] = learner_cycles(learner)
    assert cycle.status.earned_here == D("0")


def test_external_credits_never_reach_completion_records_or_exports(ace_learner):
    import io

    from records.completions import RecordFilter, completion_records
    from records.exports import write_export
    from records.models import CompletionRecord
    from tests.certs import pass_course

    learner, course = ace_learner
    pass_course(learner, course)
    add_external(learner, "1.0", delivery="online")
    assert CompletionRecord.objects.count() == 1
    flt = RecordFilter(body=ace(), statuses=("valid", "revoked", "superseded"))
    rows = list(completion_records(flt))
    assert len(rows) == 1 and rows[0]["course_code"] == course.code
    for fmt in ("csv", "jsonl", "xapi", "badges"):
        out = io.StringIO()
        write_export(flt, fmt, out)
        assert "Kettlebell" not in out.getvalue() and "Gym Co" not in out.getvalue()


def test_rules_unknown_is_said_never_guessed(client, catalog, learner):
    from certifying_bodies.models import CertifyingBody, LearnerCredential
    from home.site_setup import ensure_launch_bodies
    from renewals.cycles import learner_cycles

    ensure_launch_bodies()
    ncbtmb = CertifyingBody.objects.get(code="NCBTMB")
    assert ncbtmb.renewal_rules is None and ncbtmb.credits_required is None
    LearnerCredential.objects.create(
        learner=learner, body=ncbtmb, credential_number="N1", cycle_ends_on=date(2027, 5, 1)
    )
    [cycle] = learner_cycles(learner)
    assert cycle.rules_unknown
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    assert "Renewal rules unknown" in html and "still needed" not in html
    assert client.get("/dashboard/renewal/NCBTMB/summary.pdf").status_code == 404


def test_launch_bodies_setup_is_idempotent_and_fills_only_empty_rules(db):
    from certifying_bodies.models import CertifyingBody
    from home.site_setup import ensure_launch_bodies

    ensure_launch_bodies()
    nfpt = CertifyingBody.objects.get(code="NFPT")
    assert (nfpt.cycle_months, nfpt.credits_required, nfpt.first_cycle_exempt) == (
        12,
        D("2.0"),
        True,
    )
    assert nfpt.carry_forward and nfpt.credits_per_hour == D("0.2")
    nasm = CertifyingBody.objects.get(code="NASM")
    assert (nasm.cycle_months, nasm.credits_required, nasm.credit_unit) == (24, D("2.0"), "CEU")
    nfpt.credits_required = D("3")
    nfpt.save()
    ensure_launch_bodies()
    assert CertifyingBody.objects.count() == 4
    assert CertifyingBody.objects.get(code="NFPT").credits_required == D("3")


def test_dashboard_and_downloads(client, ace_learner):
    import csv
    import io

    from pypdf import PdfReader

    from certificates.models import Certificate
    from tests.certs import pass_course

    learner, course = ace_learner
    pass_course(learner, course)
    add_external(learner, "0.5", title="=HYPERLINK(1)")
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    assert "0.5 CEC still needed" in html and "Self-reported" in html
    code = Certificate.objects.get().code
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/dashboard/renewal/ACE/summary.csv").content.decode())
        )
    )
    assert [r["source"] for r in rows] == ["self-reported", "certificate"]
    assert rows[0]["title"].startswith("'=")  # safe_cell
    assert rows[1]["certificate_code"] == code and code in rows[1]["verification_url"]
    response = client.get("/dashboard/renewal/ACE/summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "CE summary for renewal" in text and code in text and "Self-reported" in text
    client.logout()
    assert client.get("/dashboard/renewal/ACE/summary.pdf").status_code == 302


def test_profile_adds_a_certification(client, learner):
    from certifying_bodies.models import LearnerCredential
    from home.site_setup import ensure_launch_bodies

    ensure_launch_bodies()
    client.force_login(learner)
    body = ace()
    future = (date.today() + timedelta(days=5)).isoformat()
    data = {
        "first_name": "Lee",
        "last_name": "Learner",
        f"body-{body.pk}-credential_number": "ACE-9",
        f"body-{body.pk}-certified_on": future,
        "reminders-email_reminders": "on",
    }
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    assert not LearnerCredential.objects.exists()
    data[f"body-{body.pk}-certified_on"] = "2025-01-15"
    assert client.post("/accounts/profile/", data).status_code == 302
    credential = LearnerCredential.objects.get()
    assert credential.certified_on == date(2025, 1, 15) and credential.holds_certification


def test_an_expired_certificate_renewed_by_a_retake_still_counts_in_its_own_cycle(ace_learner):
    from certificates.models import Certificate
    from renewals.cycles import learner_cycles
    from tests.certs import pass_course

    learner, course = ace_learner
    pass_course(learner, course)
    old = Certificate.objects.get()
    Certificate.objects.filter(pk=old.pk).update(status="superseded")
    new = Certificate.objects.create(
        learner=learner,
        course=course,
        attempt=old.attempt,
        completed_on=old.completed_on + timedelta(days=1),
        snapshot=old.snapshot,
    )
    Certificate.objects.filter(pk=old.pk).update(superseded_by=new)
    [cycle] = learner_cycles(learner, today=old.completed_on + timedelta(days=2))
    assert cycle.status.earned_here == D("2.0")
    assert sorted(i.certificate_code for i in cycle.items) == sorted([old.code, new.code])


def test_admin_screens_for_rules_reminders_and_module_expiry(client, catalog, admin_user):
    from certifying_bodies.models import CertifyingBody
    from home.site_setup import ensure_launch_bodies

    ensure_launch_bodies()
    client.force_login(admin_user)
    ace_pk = CertifyingBody.objects.get(code="ACE").pk
    html = client.get(f"/admin/certifyingbody/edit/{ace_pk}/").content.decode()
    assert "Renewal rules" in html and "cycle_months" in html and "online_max_percent" in html
    assert client.get("/admin/reminders_sent/").status_code == 200
    assert client.get("/admin/reminders_sent/new/").status_code in (302, 403, 404)
    assert client.get("/admin/module_certificate_expiry/").status_code == 200
    assert client.get("/admin/module_certificate_expiry/new/").status_code == 200
