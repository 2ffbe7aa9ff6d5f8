"""How learning joins the pages and the quiz below it: lesson views recorded, the learner's
status on the module page, enrolment, and the lesson rule before a quiz starts."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.extensions import (
    COURSE_LESSON_MARKS_HOOK,
    COURSE_PAGE_ACTIONS_HOOK,
    COURSE_PAGE_SECTIONS_HOOK,
)
from courses.models import LessonPage
from quizzes.services import QUIZ_ATTEMPT_STARTING_HOOK, QUIZ_START_REQUIREMENTS_HOOK

from . import admin_reports
from .evaluation_models import ModuleEvaluationPolicy
from .evaluation_views import evaluation_status_line, evaluation_view
from .models import Enrollment
from .panels import LEARNER_STATUS_LINES_HOOK, learner_status_section
from .progress import all_lessons_opened, enroll, record_lesson_opened
from .status import status_for_request
from .views import enroll_view


@hooks.register("on_serve_page")
def record_lesson_views(serve_page):
    # Wraps the page's own serve, so view restrictions have been checked already.
    def serve(page, request, args, kwargs):
        if isinstance(page, LessonPage) and request.user.is_authenticated:
            record_lesson_opened(request.user, page)
        return serve_page(page, request, args, kwargs)

    return serve


hooks.register(COURSE_PAGE_SECTIONS_HOOK, learner_status_section)


@hooks.register(COURSE_LESSON_MARKS_HOOK)
def opened_lesson_marks(request, page, outline):
    status = status_for_request(request, page, outline)
    return dict.fromkeys(status.opened_ids, "opened") if status else {}


@hooks.register(COURSE_PAGE_ACTIONS_HOOK)
def learning_actions():
    return {"enroll": enroll_view, "evaluation": evaluation_view}


hooks.register(LEARNER_STATUS_LINES_HOOK, evaluation_status_line)


@hooks.register(QUIZ_START_REQUIREMENTS_HOOK)
def lessons_before_quiz(*, quiz, learner, course):
    if quiz.require_all_lessons and not all_lessons_opened(learner, course):
        return "Open every lesson of the module before starting the quiz."
    return ""


@hooks.register(QUIZ_ATTEMPT_STARTING_HOOK)
def enrol_and_lock(*, quiz, learner, course):
    # The lock makes two simultaneous starts by one learner take turns.
    enroll(learner, course)
    Enrollment.objects.select_for_update().get(learner=learner, course=course)


# --- Provider admins: evaluation and CE hours reports, module evaluation settings --------


class _ReportMenuItem(MenuItem):
    def __init__(self, label, url_name, permission, icon_name, order):
        super().__init__(label, reverse(url_name), icon_name=icon_name, order=order)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def register_learning_report_urls():
    return [path("learning/", include((admin_reports.admin_urls(), "learning_reports")))]


@hooks.register("register_reports_menu_item")
def register_evaluation_report_menu_item():
    return _ReportMenuItem(
        "Course evaluations",
        "learning_reports:evaluation_report",
        admin_reports.EVALUATION_PERMISSION,
        "form",
        900,
    )


@hooks.register("register_reports_menu_item")
def register_ce_hours_menu_item():
    return _ReportMenuItem(
        "CE hours",
        "learning_reports:ce_hours_report",
        admin_reports.CE_HOURS_PERMISSION,
        "time",
        910,
    )


class ModuleEvaluationPolicyViewSet(SnippetViewSet):
    model = ModuleEvaluationPolicy
    icon = "form"
    menu_label = "Module evaluations"
    add_to_settings_menu = True
    list_display = ["course", "requirement"]


register_snippet(ModuleEvaluationPolicyViewSet)
