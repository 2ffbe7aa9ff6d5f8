from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from wagtail import hooks

from quizzes.models import Attempt
from quizzes.outline import quiz_of

from .progress import enroll
from .status import modules_for

# fn(request) -> object with `template_name` (rendered with `section` and the request), or
# None; the certificates app adds the learner's certificates and transcript here.
DASHBOARD_SECTIONS_HOOK = "construct_dashboard_sections"


@login_required
def dashboard(request):
    """The learner's own modules and attempts, plus what the layers above add."""
    modules = modules_for(request.user)
    course_of_quiz = {
        quiz.pk: course for course, outline, _ in modules if (quiz := quiz_of(outline)) is not None
    }
    attempts = [
        (attempt, course_of_quiz.get(attempt.quiz_id))
        for attempt in Attempt.objects.filter(learner=request.user, status="submitted")
        .select_related("quiz")
        .order_by("-submitted_at")
    ]
    sections = [build(request) for build in hooks.get_hooks(DASHBOARD_SECTIONS_HOOK)]
    return render(
        request,
        "learning/dashboard.html",
        {
            "modules": modules,
            "attempts": attempts,
            "sections": [section for section in sections if section is not None],
        },
    )


def enroll_view(request, course):
    """POST /courses/<slug>/enroll/: enrol in one click."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    enroll(request.user, course)
    return redirect(course.url)
