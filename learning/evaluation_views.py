"""The learner's evaluation form at /courses/<slug>/evaluation/ and its status line."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from .completion import complete_module_if_done, passing_attempt
from .evaluation import (
    SCALE,
    SCALE_LABELS,
    EvaluationRefused,
    evaluation_items,
    evaluation_required,
    has_evaluated,
    submit_evaluation,
)
from .evaluation_models import EvaluationSettings


def _render(request, course, *, error="", status=200, data=None, show_form=True):
    settings_ = EvaluationSettings.load()
    items = evaluation_items(course, settings_)
    data = data or {}
    rows = (
        [
            {"index": index, "text": text, "value": str(data.get(f"item_{index}", ""))}
            for index, text in enumerate(items)
        ]
        if show_form
        else []
    )
    return render(
        request,
        "learning/evaluation.html",
        {
            "page": course,
            "course": course,
            "rows": rows,
            "scale": [(value, SCALE_LABELS[value]) for value in SCALE],
            "comments_prompt": settings_.comments_prompt,
            "comments": data.get("comments", ""),
            "error": error,
            "required": evaluation_required(course),
        },
        status=status,
    )


def evaluation_view(request, course):
    """GET the form; POST stores the evaluation (once per completion) and, when that was
    the last step missing, completes the module (the certificate is issued)."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = passing_attempt(request.user, course)
    if attempt is None:
        return _render(
            request,
            course,
            error="You can evaluate the module once you have passed its quiz.",
            status=403,
            show_form=False,
        )
    if has_evaluated(request.user, attempt):
        messages.info(request, "You have already evaluated this module. Thank you!")
        return redirect(course.url)
    if request.method == "GET":
        return _render(request, course)
    try:
        with transaction.atomic():
            submit_evaluation(request.user, course, attempt, request.POST)
            complete_module_if_done(attempt, course)
    except EvaluationRefused as refusal:
        return _render(request, course, error=str(refusal), status=400, data=request.POST)
    messages.success(request, "Thank you: your evaluation was recorded anonymously.")
    return redirect(course.url)


def evaluation_status_line(request, course, status):
    """After passing: a link to the evaluation, or a note that it was sent."""
    attempt = status.passing_attempt
    if attempt is None:
        return None
    return render_to_string(
        "learning/includes/evaluation_line.html",
        {
            "page": course,
            "evaluated": has_evaluated(request.user, attempt),
            "required": evaluation_required(course),
        },
        request,
    )
