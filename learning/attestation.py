"""The attestation: a provider-configured statement the learner affirms before claiming.

The statement is versioned (`AttestationText`, newest current). The affirmation is kept
per completion in `Attestation`; the certificate copies its version and time at issue.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .evaluation_models import Attestation, AttestationText, EvaluationSettings


class AttestationRefused(Exception):
    pass


def attestation_required() -> bool:
    return EvaluationSettings.load().attestation_required


def current_statement() -> AttestationText:
    return AttestationText.current()


def attestation_for(learner, attempt):
    if attempt is None:
        return None
    return (
        Attestation.objects.filter(learner=learner, attempt=attempt).select_related("text").first()
    )


def affirm(learner, course, attempt, *, version, affirmed, now=None) -> Attestation:
    """Record the learner's affirmation of statement `version` for this completion.

    Refused when the box was not ticked or when the statement changed since the form was
    shown (the learner must read the current one).
    """
    if not affirmed:
        raise AttestationRefused("Tick the box to affirm the statement before claiming.")
    current = current_statement()
    if str(version) != str(current.version):
        raise AttestationRefused(
            "The statement has changed since you opened the page; read it again and affirm it."
        )
    existing = attestation_for(learner, attempt)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Attestation.objects.create(
                learner=learner,
                course=course,
                attempt=attempt,
                text=current,
                affirmed_at=now or timezone.now(),
            )
    except IntegrityError:
        return attestation_for(learner, attempt)
