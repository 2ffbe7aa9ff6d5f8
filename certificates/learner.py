"""The certificate's part of the learner's pages: the status lines on the module page, the
"Get my certificate" action, and the certificates and transcript on the dashboard."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone

from core.learner_cache import cached_for_learner
from learning.attestation import AttestationRefused, affirm, current_statement
from learning.completion import ATTESTATION, EVALUATION, LESSONS, missing_steps, passing_attempt
from quizzes.models import QuizPage

from .issuing import issue_certificate_if_complete
from .models import Certificate, ProviderSettings
from .provider import issuing_paused
from .transcript import TranscriptFilterForm, build_transcript


def _quiz_url(course):
    quiz = course.get_children().live().type(QuizPage).first()
    return quiz.url if quiz else course.url


def fresh_start_after_expiry(quiz, learner, course):
    """The quiz's fresh start once the learner's certificate for the module expired: the
    day after its expiry date (earlier attempts, the pass included, no longer count)."""
    certificate = cached_for_learner(
        learner.pk,
        f"valid-certificate:{course.pk}",
        lambda: Certificate.objects.filter(
            learner=learner, course_id=course.pk, status=Certificate.Status.VALID
        ).first(),
    )
    if certificate is None or not certificate.is_expired:
        return None
    day_after = certificate.valid_until + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day_after, time.min))


def certificate_status_lines(request, course, status):
    """Complete with its certificate, or what is left, once the learner has passed."""
    if not status.passed:
        return None
    certificate = Certificate.objects.filter(
        learner=request.user, course=course, status=Certificate.Status.VALID
    ).first()
    missing = []
    if certificate is None:
        missing = missing_steps(request.user, course, status.passing_attempt)
    return render_to_string(
        "certificates/includes/status_lines.html",
        {
            "page": course,
            "status": status,
            "certificate": certificate,
            "quiz_url": _quiz_url(course) if certificate and certificate.is_expired else "",
            "needs_lessons": LESSONS in missing,
            "needs_evaluation": EVALUATION in missing,
            "needs_attestation": ATTESTATION in missing,
            "statement": current_statement() if ATTESTATION in missing else None,
        },
        request,
    )


def claim_certificate_view(request, course):
    """POST /courses/<slug>/certificate/: issue what learning's completion rule now allows
    (a lesson opened after passing, the attestation affirmed with the claim)."""
    if request.method != "POST" or not request.user.is_authenticated:
        return HttpResponseNotAllowed(["POST"])
    passed = passing_attempt(request.user, course)
    if passed is None:
        return redirect(course.url)
    missing = missing_steps(request.user, course, passed)
    if EVALUATION in missing:
        messages.error(request, "Evaluate the course before claiming your certificate.")
        return redirect(course.url)
    with transaction.atomic():
        if ATTESTATION in missing:
            try:
                affirm(
                    request.user,
                    course,
                    passed,
                    version=request.POST.get("attestation_version", ""),
                    affirmed=request.POST.get("affirm") == "yes",
                )
            except AttestationRefused as refusal:
                messages.error(request, str(refusal))
                return redirect(course.url)
        certificate = issue_certificate_if_complete(passed)
    if certificate is not None:
        messages.success(request, "Your certificate is ready.")
    elif issuing_paused(ProviderSettings.load()):
        messages.info(request, CERTIFICATE_PENDING)
    return redirect(course.url)


CERTIFICATE_PENDING = (
    "Your certificate is pending: the provider is completing the details printed on "
    "certificates. Your result is saved; try again later."
)


class DashboardCertificates:
    template_name = "certificates/includes/dashboard_certificates.html"

    def __init__(self, request):
        self.period = TranscriptFilterForm(request.GET or None)
        valid = self.period.is_bound and self.period.is_valid()
        dates = self.period.cleaned_data if valid else {}
        self.certificates = Certificate.objects.filter(learner=request.user).select_related(
            "superseded_by"
        )
        self.transcript = build_transcript(
            request.user, since=dates.get("since"), until=dates.get("until")
        )
        self.period_query = request.GET.urlencode()


def certificate_result_section(request, attempt, course):
    """On a passed attempt's result page: the certificate, or what is still left."""
    if not attempt.passed:
        return None
    certificate = attempt.certificates.filter(status=Certificate.Status.VALID).first()
    missing = [] if certificate else missing_steps(request.user, course.specific, attempt)
    return render_to_string(
        "certificates/includes/result_certificate.html",
        {
            "certificate": certificate,
            "course": course,
            "needs_lessons": LESSONS in missing,
            "needs_more": bool(missing),
            "pending": not certificate and not missing and issuing_paused(ProviderSettings.load()),
        },
        request,
    )
