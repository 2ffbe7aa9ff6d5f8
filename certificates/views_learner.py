"""The learner's own transcript downloads."""

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.spreadsheets import EXCEL_BOM, wants_excel

from .models import ProviderSettings
from .pdf_responses import preparing_response
from .queueing import private_pdf_or_queue
from .transcript import TranscriptFilterForm, build_transcript, write_transcript_csv


def _transcript_or_error(request):
    form = TranscriptFilterForm(request.GET)
    if not form.is_valid():
        return None, JsonResponse({"error": "Bad date range.", "fields": form.errors}, status=400)
    dates = form.cleaned_data
    return build_transcript(request.user, since=dates["since"], until=dates["until"]), None


@login_required
def transcript_csv(request):
    transcript, error = _transcript_or_error(request)
    if error:
        return error
    out = io.StringIO(EXCEL_BOM if wants_excel(request) else "")
    out.seek(0, io.SEEK_END)
    write_transcript_csv(transcript, out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cec-transcript.csv"'
    return response


@login_required
def transcript_pdf(request):
    transcript, error = _transcript_or_error(request)
    if error:
        return error
    html = render_to_string(
        "certificates/transcript_pdf.html",
        {
            "transcript": transcript,
            "learner_name": request.user.name_for_certificate,
            "provider": ProviderSettings.load(),
            "generated_on": timezone.localdate(),
            "verify_base": settings.WAGTAILADMIN_BASE_URL,
        },
    )
    # Rendered by the task worker into private storage; the same HTML is rendered once.
    pdf = private_pdf_or_queue(request.user.pk, "transcript", html)
    if pdf is None:
        return preparing_response(
            request,
            what="transcript PDF",
            back_url=reverse("dashboard"),
            back_label="Back to your dashboard",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="cec-transcript.pdf"'
    return response
