from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from quizzes.models import Attempt

from .learner_status import modules_for


@login_required
def dashboard(request):
    """The learner's own modules, progress and attempts."""
    modules = modules_for(request.user)
    course_of_quiz = {outline.quiz.pk: course for course, outline, _ in modules if outline.quiz}
    attempts = [
        (attempt, course_of_quiz.get(attempt.quiz_id))
        for attempt in Attempt.objects.filter(learner=request.user, status="submitted")
        .select_related("quiz")
        .order_by("-submitted_at")
    ]
    return render(request, "courses/dashboard.html", {"modules": modules, "attempts": attempts})
