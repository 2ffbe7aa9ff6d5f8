"""Provider admins' reports: course evaluations (anonymous), evaluation receipts, CE hours.

The evaluation report reads `EvaluationResponse` only, which has no learner: counts, means
and distributions per item and the comments, never a name. The receipts list is the one
place that names learners, to prove that someone evaluated (not what they answered).
The CE hours report sets each module's claimed hours beside its content estimate, its
evaluations and the measured active time of its completers.
"""

import csv
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.admin_pages import admin_forbidden
from core.forms import DateRangeForm
from core.spreadsheets import safe_cell
from courses.estimate import module_estimate
from courses.models import CoursePage
from quizzes.models import Attempt

from . import seat_time
from .evaluation import SCALE
from .evaluation_models import EvaluationReceipt, EvaluationResponse

EVALUATION_PERMISSION = "learning.view_evaluation_report"
CE_HOURS_PERMISSION = "learning.view_ce_hours_report"
NO_ACCESS = "Sorry, this report is open to provider admins only."


# --- Evaluations -------------------------------------------------------------------------


class EvaluationFilterForm(DateRangeForm):
    module = forms.ModelChoiceField(
        queryset=CoursePage.objects.none(), to_field_name="code", label="Module"
    )
    field_order = ["module", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = CoursePage.objects.order_by("code")


@dataclass
class ItemSummary:
    text: str
    count: int
    mean: Decimal | None
    distribution: list[int]  # counts of 1..5


def filtered_responses(course, since=None, until=None):
    responses = EvaluationResponse.objects.filter(course=course)
    if since:
        responses = responses.filter(submitted_on__gte=since)
    if until:
        responses = responses.filter(submitted_on__lte=until)
    return responses


def summarize(responses) -> tuple[list[ItemSummary], list[str], int]:
    """Per item (matched by its text, in first-seen order): count, mean, distribution."""
    ratings: dict[str, list[int]] = {}
    comments = []
    total = 0
    for response in responses.order_by("submitted_on", "pk"):
        total += 1
        for text, value in zip(response.items, response.answers, strict=False):
            ratings.setdefault(text, []).append(int(value))
        if response.comments:
            comments.append(response.comments)
    items = [
        ItemSummary(
            text=text,
            count=len(values),
            mean=Decimal(sum(values)) / len(values) if values else None,
            distribution=[values.count(point) for point in SCALE],
        )
        for text, values in ratings.items()
    ]
    return items, comments, total


def evaluation_report(request):
    if not request.user.has_perm(EVALUATION_PERMISSION):
        return admin_forbidden(request, NO_ACCESS)
    form = EvaluationFilterForm(request.GET or None)
    context = {
        "form": form,
        "page_title": "Course evaluations",
        "header_title": "Course evaluations",
        "header_icon": "form",
    }
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        responses = filtered_responses(data["module"], data.get("since"), data.get("until"))
        items, comments, total = summarize(responses)
        if request.GET.get("format") == "csv":
            return _evaluation_csv(data["module"], items, comments, total)
        receipts = EvaluationReceipt.objects.filter(course=data["module"])
        context.update(
            module=data["module"],
            items=items,
            comments=comments,
            total=total,
            scale=list(SCALE),
            receipts_count=receipts.count(),
            csv_query=request.GET.copy().urlencode() + "&format=csv",
        )
    return TemplateResponse(request, "learning/admin/evaluation_report.html", context)


def _evaluation_csv(course, items, comments, total):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluations-{course.code}.csv"'
    writer = csv.writer(response)
    writer.writerow(["module", "item", "responses", "mean", *[f"rated {p}" for p in SCALE]])
    for item in items:
        mean = f"{item.mean:.2f}" if item.mean is not None else ""
        writer.writerow([course.code, safe_cell(item.text), item.count, mean, *item.distribution])
    writer.writerow([])
    writer.writerow(["module", "comment"])
    for comment in comments:
        writer.writerow([course.code, safe_cell(comment)])
    writer.writerow([])
    writer.writerow(["evaluations", total])
    return response


def evaluation_receipts(request):
    """Who evaluated which module and when: proof of submission, never the answers."""
    if not request.user.has_perm(EVALUATION_PERMISSION):
        return admin_forbidden(request, NO_ACCESS)
    form = EvaluationFilterForm(request.GET or None)
    receipts = EvaluationReceipt.objects.none()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        receipts = EvaluationReceipt.objects.filter(course=data["module"])
        if data.get("since"):
            receipts = receipts.filter(submitted_at__date__gte=data["since"])
        if data.get("until"):
            receipts = receipts.filter(submitted_at__date__lte=data["until"])
        receipts = receipts.select_related("learner", "course")[:500]
    context = {
        "form": form,
        "receipts": receipts,
        "page_title": "Evaluation receipts",
        "header_title": "Evaluation receipts",
        "header_icon": "tick",
    }
    return TemplateResponse(request, "learning/admin/evaluation_receipts.html", context)


# --- CE hours ----------------------------------------------------------------------------


def completer_active_minutes(course) -> list[int]:
    """Measured active minutes of each learner who completed the module."""
    return seat_time.completer_active_minutes(course, list(completers(course)))


def completers(course):
    """Learners with a passing attempt at the module's quiz."""
    return (
        Attempt.objects.filter(quiz__in=course.get_children(), passed=True)
        .values_list("learner_id", flat=True)
        .distinct()
    )


def percentile(values: list[int], share: float) -> float | None:
    """Linear-interpolated percentile (share 0..1) of the values, None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class HoursRow:
    course: CoursePage
    claimed_hours: Decimal
    estimate_minutes: int
    justification: str
    evaluations: int
    completers: int
    timed: int
    median: float | None
    p10: float | None
    p90: float | None

    @property
    def flagged(self) -> bool:
        """The median completer spent under half the claimed time."""
        return self.median is not None and self.median < float(self.claimed_hours) * 60 / 2


def hours_rows() -> list[HoursRow]:
    rows = []
    for course in CoursePage.objects.live().order_by("code"):
        minutes = completer_active_minutes(course)
        rows.append(
            HoursRow(
                course=course,
                claimed_hours=course.contact_hours,
                estimate_minutes=module_estimate(course).minutes,
                justification=course.hours_justification or "",
                evaluations=EvaluationResponse.objects.filter(course=course).count(),
                completers=completers(course).count(),
                timed=len(minutes),
                median=statistics.median(minutes) if minutes else None,
                p10=percentile(minutes, 0.1),
                p90=percentile(minutes, 0.9),
            )
        )
    return rows


def _minutes(value):
    return "" if value is None else f"{value:.0f}"


def ce_hours_report(request):
    if not request.user.has_perm(CE_HOURS_PERMISSION):
        return admin_forbidden(request, NO_ACCESS)
    rows = hours_rows()
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ce-hours.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "module",
                "title",
                "claimed_hours",
                "estimate_minutes",
                "hours_justification",
                "evaluations",
                "completers",
                "completers_timed",
                "median_active_minutes",
                "p10_active_minutes",
                "p90_active_minutes",
                "flag_under_half_claimed",
            ]
        )
        for row in rows:
            writer.writerow(
                [
                    row.course.code,
                    safe_cell(row.course.title),
                    f"{row.claimed_hours.normalize():f}",
                    row.estimate_minutes,
                    safe_cell(row.justification),
                    row.evaluations,
                    row.completers,
                    row.timed,
                    _minutes(row.median),
                    _minutes(row.p10),
                    _minutes(row.p90),
                    "yes" if row.flagged else "",
                ]
            )
        return response
    context = {
        "rows": rows,
        "page_title": "CE hours",
        "header_title": "CE hours: claimed, estimated, measured",
        "header_icon": "time",
    }
    return TemplateResponse(request, "learning/admin/ce_hours_report.html", context)


def admin_urls():
    return [
        path("evaluations/", evaluation_report, name="evaluation_report"),
        path("evaluations/receipts/", evaluation_receipts, name="evaluation_receipts"),
        path("ce-hours/", ce_hours_report, name="ce_hours_report"),
    ]


def report_url(name):
    return reverse(f"learning_reports:{name}")
