from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from certificates.models import Certificate
from certificates.transcript import TranscriptFilterForm, build_transcript
from quizzes.models import Attempt

from .learner_status import modules_for


@login_required
def dashboard(request):
    """The learner's own modules, attempts, certificates and transcript of credits."""
    modules = modules_for(request.user)
    course_of_quiz = {outline.quiz.pk: course for course, outline, _ in modules if outline.quiz}
    attempts = [
        (attempt, course_of_quiz.get(attempt.quiz_id))
        for attempt in Attempt.objects.filter(learner=request.user, status="submitted")
        .select_related("quiz")
        .order_by("-submitted_at")
    ]
    period = TranscriptFilterForm(request.GET or None)
    dates = period.cleaned_data if period.is_bound and period.is_valid() else {}
    return render(
        request,
        "courses/dashboard.html",
        {
            "modules": modules,
            "attempts": attempts,
            "certificates": Certificate.objects.filter(learner=request.user).select_related(
                "superseded_by"
            ),
            "period": period,
            "transcript": build_transcript(
                request.user, since=dates.get("since"), until=dates.get("until")
            ),
            "period_query": request.GET.urlencode(),
        },
    )
