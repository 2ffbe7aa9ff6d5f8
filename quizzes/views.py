"""Thin views for the quiz routes on QuizPage; the rules live in services."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail import hooks

from core.learner_cache import cached_for_learner

from .accommodations import accommodation_for, accommodation_summary
from .models import Attempt
from .questions import prompt_says_how_many
from .services import (
    QUIZ_RESULT_HOOK,
    AttemptClosed,
    AttemptNotAllowed,
    check_eligibility,
    close_if_expired,
    counted_attempts,
    save_responses,
    start_attempt,
    submit_attempt,
    unanswered_numbers,
    unmet_requirement,
)


def _render(request, quiz, template, *, course=None, **context):
    course = course or quiz.get_parent()
    return TemplateResponse(
        request, template, {"page": quiz, "self": quiz, "course": course, **context}
    )


def _eligibility(quiz, course, learner, submitted, accommodation=None):
    """Whether the learner may start another attempt now, and if not why."""
    return check_eligibility(
        quiz,
        counted_attempts(quiz, learner, course, submitted),
        now=timezone.now(),
        unmet_requirement=unmet_requirement(quiz, learner, course),
        accommodation=accommodation,
    )


def _own_attempt(request, quiz, attempt_id):
    # Another learner's attempt is indistinguishable from a missing one.
    try:
        attempt = Attempt.objects.get(pk=attempt_id, quiz=quiz, learner=request.user)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt.") from None
    return close_if_expired(attempt)


def _responses_from(post, questions):
    return {question["id"]: post.getlist(f"q-{question['id']}") for question in questions}


def quiz_landing(request, quiz):
    course = quiz.get_parent()
    context = {"course": course}
    if request.user.is_authenticated:
        attempts = cached_for_learner(
            request.user.pk,
            f"quiz-attempts:{quiz.pk}",
            # The papers stay out of the cache; grading one past its deadline loads it.
            lambda: list(
                quiz.attempts.filter(learner=request.user)
                .defer("questions", "responses", "results")
                .order_by("number")
            ),
        )
        for attempt in attempts:
            close_if_expired(attempt)
        submitted = [attempt for attempt in attempts if not attempt.is_open]
        accommodation = accommodation_for(quiz, request.user)
        context.update(
            attempts=submitted,
            open_attempt=next((attempt for attempt in attempts if attempt.is_open), None),
            eligibility=_eligibility(quiz, course, request.user, submitted, accommodation),
            accommodation=accommodation_summary(quiz, accommodation),
        )
    return _render(request, quiz, "quizzes/quiz_page.html", **context)


def quiz_preview(request, quiz):
    from .questions import freeze_pool

    return _render(
        request, quiz, "quizzes/quiz_page.html", preview_questions=freeze_pool(quiz.questions)
    )


def start_attempt_view(request, quiz):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    quiz_url = quiz.get_url(request)  # the request holds the site's root paths
    if not request.user.is_authenticated:
        return redirect_to_login(quiz_url)
    try:
        attempt = start_attempt(quiz, request.user)
    except AttemptNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect(quiz_url)
    return redirect(quiz_url + quiz.reverse_subpage("attempt", args=[attempt.pk]))


def attempt_view(request, quiz, attempt_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = _own_attempt(request, quiz, attempt_id)
    result_url = quiz.get_url(request) + quiz.reverse_subpage("result", args=[attempt.pk])
    if not attempt.is_open:
        return redirect(result_url)
    unanswered = []
    if request.method == "POST":
        submitted = _responses_from(request.POST, attempt.questions)
        action = request.POST.get("action")
        if action == "submit":
            # Without JavaScript too: ask before grading a paper with blanks.
            unanswered = unanswered_numbers(attempt.questions, submitted)
        if action == "save" or unanswered:
            try:
                attempt = save_responses(attempt, submitted)
            except AttemptClosed as exc:
                messages.error(request, str(exc))
                return redirect(result_url)
            if action == "save":
                # The page is answered straight away, not through a redirect: a save is
                # idempotent, and a redirect would render the whole paper a second time.
                messages.success(
                    request, "Your answers are saved. You can come back to them later."
                )
        else:
            attempt, late = submit_attempt(attempt, submitted)
            if late:
                messages.error(
                    request,
                    "Time ran out before you submitted; the answers you had saved were graded.",
                )
            return redirect(result_url)
    return _render(
        request,
        quiz,
        "quizzes/attempt.html",
        attempt=attempt,
        unanswered=unanswered,
        questions=[
            {
                "id": question["id"],
                "number": index,
                "prompt": question["prompt"],
                "multiple": question["type"] == "multiple_select",
                "hint": question["type"] == "multiple_select"
                and not prompt_says_how_many(question["prompt"]),
                "choices": [
                    {
                        "id": choice["id"],
                        "text": choice["text"],
                        "checked": choice["id"] in attempt.responses.get(question["id"], []),
                    }
                    for choice in question["choices"]
                ],
            }
            for index, question in enumerate(attempt.questions, start=1)
        ],
        **_time_left(attempt),
    )


def _time_left(attempt):
    if not attempt.deadline:
        return {"seconds_left": None}
    seconds = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return {"seconds_left": seconds, "time_left_label": f"{seconds // 60}:{seconds % 60:02d}"}


def result_sections(request, attempt, course) -> list:
    """What the layers above add to a result page (the certificate, or what is left)."""
    sections = (add(request, attempt, course) for add in hooks.get_hooks(QUIZ_RESULT_HOOK))
    return [html for html in sections if html]


def result_view(request, quiz, attempt_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = _own_attempt(request, quiz, attempt_id)
    if attempt.is_open:
        return redirect(quiz.get_url(request) + quiz.reverse_subpage("attempt", args=[attempt.pk]))
    level = quiz.review_level_for(attempt)
    course = quiz.get_parent()
    submitted = list(quiz.attempts.filter(learner=request.user, status="submitted"))
    return _render(
        request,
        quiz,
        "quizzes/result.html",
        course=course,
        attempt=attempt,
        review_level=level,
        review=_review(attempt, level),
        result_sections=result_sections(request, attempt, course),
        eligibility=_eligibility(
            quiz, course, request.user, submitted, accommodation_for(quiz, request.user)
        ),
    )


def _review(attempt, level):
    """Per-question review, holding back whatever the quiz's review policy does not allow."""
    if level == "score":
        return []
    review = []
    for index, question in enumerate(attempt.questions, start=1):
        picked = set(attempt.responses.get(question["id"], []))
        result = attempt.results.get(question["id"], {})
        item = {
            "number": index,
            "prompt": question["prompt"],
            "correct": result.get("correct", False),
            "awarded": result.get("awarded"),
            "possible": result.get("possible"),
            "choices": [
                {
                    "text": choice["text"],
                    "picked": choice["id"] in picked,
                    "correct": choice["correct"] if level == "explanations" else None,
                    "feedback": choice["feedback"] if level == "explanations" else "",
                }
                for choice in question["choices"]
            ],
            "explanation": question["explanation"] if level == "explanations" else "",
        }
        review.append(item)
    return review
