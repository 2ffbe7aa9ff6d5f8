"""The learner's renewal pages: record external CE, its file (owner only), the downloads."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from certificates.models import ProviderSettings
from certificates.pdf_responses import preparing_response
from certificates.queueing import private_pdf_or_queue
from certifying_bodies.models import CertifyingBody
from core.spreadsheets import safe_cell

from .cycles import learner_certifications, learner_cycles
from .forms import ExternalCreditForm
from .models import ExternalCredit


def _bodies(learner):
    ids = [c.body_id for c in learner_certifications(learner)]
    return CertifyingBody.objects.filter(pk__in=ids).order_by("name")


@login_required
def add_external_credit(request):
    bodies = _bodies(request.user)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ExternalCreditForm(*data, learner=request.user, bodies=bodies)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, "Your external credit is recorded (self-reported).")
            return redirect("dashboard")
        messages.error(request, "The external credit was not recorded: correct the fields below.")
    return render(
        request, "renewals/external_credit_form.html", {"form": form, "has_bodies": bodies.exists()}
    )


@login_required
def delete_external_credit(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    credit = get_object_or_404(ExternalCredit, pk=pk, learner=request.user)
    stored = credit.certificate_file.name
    storage = credit.certificate_file.storage
    credit.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
    messages.success(request, "The external credit was removed.")
    return redirect("dashboard")


@login_required
def external_credit_file(request, pk):
    """The uploaded certificate, to its owner only (anyone else: 404, never a media URL)."""
    credit = get_object_or_404(ExternalCredit, pk=pk, learner=request.user)
    if not credit.certificate_file:
        raise Http404("No file was uploaded for this credit.")
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
    filename = f"external-ce-{credit.pk}.{extension.get(credit.file_content_type, 'bin')}"
    response = FileResponse(
        credit.certificate_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=credit.file_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _cycle_or_404(request, body_code):
    cycles = learner_cycles(request.user, body_code=body_code)
    if not cycles or cycles[0].status is None:
        raise Http404("No renewal cycle for this body.")
    return cycles[0]


SUMMARY_COLUMNS = [
    "date",
    "title",
    "provider",
    "credits",
    "credit_unit",
    "source",
    "certificate_code",
    "verification_url",
]


@login_required
def summary_csv(request, body_code):
    cycle = _cycle_or_404(request, body_code)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SUMMARY_COLUMNS)
    for item in cycle.items:
        writer.writerow(
            [
                item.day.isoformat(),
                safe_cell(item.title),
                safe_cell(item.provider),
                f"{item.credits.normalize():f}",
                safe_cell(cycle.body.credit_unit),
                "self-reported" if item.self_reported else "certificate",
                item.certificate_code,
                item.verification_url,
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="ce-summary-{cycle.body.code.lower()}.csv"'
    )
    return response


@login_required
def summary_pdf(request, body_code):
    cycle = _cycle_or_404(request, body_code)
    html = render_to_string(
        "renewals/summary_pdf.html",
        {
            "cycle": cycle,
            "status": cycle.status,
            "body": cycle.body,
            "learner_name": request.user.name_for_certificate,
            "provider": ProviderSettings.load(),
            "generated_on": timezone.localdate(),
        },
    )
    # Rendered by the task worker into private storage, as the transcript is.
    pdf = private_pdf_or_queue(request.user.pk, f"ce-summary-{cycle.body.pk}", html)
    if pdf is None:
        return preparing_response(
            request,
            what="CE summary PDF",
            back_url=reverse("dashboard"),
            back_label="Back to your dashboard",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="ce-summary-{cycle.body.code.lower()}.pdf"'
    )
    return response
