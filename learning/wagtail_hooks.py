"""How learning joins the pages and the quiz below it: lesson views recorded, the learner's
status on the module page, enrolment, and the lesson rule before a quiz starts."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.extensions import (
    COURSE_LESSON_EXTRAS_HOOK,
    COURSE_LESSON_MARKS_HOOK,
    COURSE_PAGE_ACTIONS_HOOK,
    COURSE_PAGE_SECTIONS_HOOK,
)
from courses.models import LessonPage
from quizzes.services import QUIZ_ATTEMPT_STARTING_HOOK, QUIZ_START_REQUIREMENTS_HOOK

from . import admin_reports
from .evaluation_models import ModuleEvaluationPolicy
from .evaluation_views import evaluation_status_line, evaluation_view
from .models import ModuleTimeRule
from .panels import LEARNER_STATUS_LINES_HOOK, learner_status_section
from .progress import all_lessons_opened_cached, enroll
from .seat_time import minutes_still_needed, note_lesson_view
from .status import status_for_request
from .views import enroll_view
from .views_seat_time import heartbeat_script, seat_time_status_line


@hooks.register("on_serve_page")
def record_lesson_views(serve_page):
    # Wraps the page's own serve, so view restrictions have been checked already.
    def serve(page, request, args, kwargs):
        if isinstance(page, LessonPage) and request.user.is_authenticated:
            # Notes the lesson opened and counts the seat time since the last view.
            note_lesson_view(request.user, page)
        return serve_page(page, request, args, kwargs)

    return serve


hooks.register(COURSE_PAGE_SECTIONS_HOOK, learner_status_section)
hooks.register(COURSE_LESSON_EXTRAS_HOOK, heartbeat_script)
hooks.register(LEARNER_STATUS_LINES_HOOK, seat_time_status_line)


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
    if quiz.require_all_lessons and not all_lessons_opened_cached(learner, course):
        return "Open every lesson of the module before starting the quiz."
    return ""


@hooks.register(QUIZ_START_REQUIREMENTS_HOOK)
def minimum_time_before_quiz(*, quiz, learner, course):
    return minutes_still_needed(learner, course)


@hooks.register(QUIZ_ATTEMPT_STARTING_HOOK)
def enrol_and_lock(*, quiz, learner, course):
    enroll(learner, course, lock=True)


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


class ModuleTimeRuleViewSet(ModelViewSet):
    """Per-module minimum active time before the quiz (Settings > Module minimum times)."""

    model = ModuleTimeRule
    form_fields = ["course", "minimum_minutes"]
    list_display = ["course", "minimum_minutes"]
    icon = "time"
    add_to_settings_menu = True
    menu_label = "Module minimum times"


@hooks.register("register_admin_viewset")
def register_module_time_rules():
    return ModuleTimeRuleViewSet("module_time_rules")
