"""The learner's renewal cycles: their certifications, with credits from certificates
(through the transcript) and self-reported external credits, counted by the plain
functions of `certifying_bodies.renewal`."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from certificates.models import Certificate, verification_url
from certificates.transcript import build_transcript
from certifying_bodies.models import LearnerCredential
from certifying_bodies.renewal import Credit, CycleStatus, cycle_status

from .models import ExternalCredit


@dataclass(frozen=True)
class CycleItem:
    """One line of a cycle: a certificate's credits here, or a self-reported credit."""

    day: date
    title: str
    provider: str
    credits: Decimal
    self_reported: bool
    online: bool
    certificate_code: str = ""
    verification_url: str = ""
    external: ExternalCredit | None = None

    def as_credit(self) -> Credit:
        return Credit(self.day, self.credits, self.online, self.self_reported)


@dataclass(frozen=True)
class CertificationCycle:
    credential: LearnerCredential
    status: CycleStatus | None  # None: the body's renewal rules are unknown
    items: list[CycleItem]  # in the current cycle, oldest first

    @property
    def body(self):
        return self.credential.body

    @property
    def rules_unknown(self):
        return self.status is None


def certificate_items(learner, provider_name) -> dict[str, list[CycleItem]]:
    """Credits from the learner's certificates, per body code.

    The transcript counts valid certificates only (expired ones still count: they were
    earned), so a superseded certificate and its reissue are one credit, and a revoked
    one is none. Each certificate carries the approvals valid on its completion date.
    """
    items: dict[str, list[CycleItem]] = {}

    def add(body_code, day, title, credits, code):
        items.setdefault(body_code, []).append(
            CycleItem(
                day=day,
                title=title,
                provider=provider_name,
                credits=credits,
                self_reported=False,
                online=True,  # every module here is online home study
                certificate_code=code,
                verification_url=verification_url(code),
            )
        )

    for row in build_transcript(learner).rows:
        add(
            row.body_code,
            row.completed_on,
            f"{row.course_code} {row.course_title}",
            row.credits,
            row.certificate_code,
        )
    # An expired certificate superseded by a retake is an earlier completion of its own
    # (a reissue keeps the completion date, and is counted once through its replacement).
    renewed = Certificate.objects.filter(
        learner=learner, status=Certificate.Status.SUPERSEDED
    ).exclude(superseded_by__completed_on=F("completed_on"))
    for certificate in renewed:
        snapshot = certificate.snapshot
        for approval in snapshot["approvals"]:
            add(
                approval["body_code"],
                certificate.completed_on,
                f"{snapshot['course_code']} {snapshot['course_title']}",
                Decimal(approval["credits"]),
                certificate.code,
            )
    return items


def external_items(learner) -> dict[int, list[CycleItem]]:
    items: dict[int, list[CycleItem]] = {}
    for credit in ExternalCredit.objects.filter(learner=learner).order_by("completed_on"):
        items.setdefault(credit.body_id, []).append(
            CycleItem(
                day=credit.completed_on,
                title=credit.title,
                provider=credit.provider,
                credits=credit.credits,
                self_reported=True,
                online=credit.delivery == ExternalCredit.Delivery.ONLINE,
                external=credit,
            )
        )
    return items


def learner_certifications(learner):
    return [
        credential
        for credential in LearnerCredential.objects.filter(learner=learner).select_related("body")
        if credential.holds_certification
    ]


def learner_cycles(learner, *, today=None, body_code=None) -> list[CertificationCycle]:
    from certificates.models import ProviderSettings

    today = today or timezone.localdate()
    credentials = learner_certifications(learner)
    if body_code is not None:
        credentials = [c for c in credentials if c.body.code == body_code]
    if not credentials:
        return []
    ours = certificate_items(learner, ProviderSettings.load().name)
    theirs = external_items(learner)
    cycles = []
    for credential in credentials:
        rules = credential.body.renewal_rules
        if rules is None:
            cycles.append(CertificationCycle(credential, None, []))
            continue
        every = ours.get(credential.body.code, []) + theirs.get(credential.body_id, [])
        status = cycle_status(
            rules, [item.as_credit() for item in every], today=today, **credential.cycle_anchor()
        )
        current = sorted(
            (i for i in every if status.cycle.start <= i.day <= status.cycle.end),
            key=lambda i: (i.day, i.title),
        )
        cycles.append(CertificationCycle(credential, status, current))
    return cycles
