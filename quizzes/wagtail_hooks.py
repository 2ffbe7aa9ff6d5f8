"""Quiz tools in the page editor's header menu and the page listing's "more" menu; the
quiz's part of the module outline and page."""

from django.urls import include, path

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from courses.estimate import COURSE_ESTIMATE_HOOK
from courses.extensions import COURSE_OUTLINE_HOOK, COURSE_PAGE_SECTIONS_HOOK

from . import admin_urls
from .accommodations import AccommodationViewSet
from .models import QuizPage
from .outline import module_quiz_minutes, module_quiz_section, quiz_summary


@hooks.register(COURSE_OUTLINE_HOOK)
def add_quiz_to_outline(course):
    return {"quiz": quiz_summary(course)}


hooks.register(COURSE_PAGE_SECTIONS_HOOK, module_quiz_section)
hooks.register(COURSE_ESTIMATE_HOOK, module_quiz_minutes)


@hooks.register("register_admin_viewset")
def register_accommodations():
    return AccommodationViewSet("accommodations")


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [path("quizzes/", include(admin_urls, namespace="quizzes_admin"))]


class QuizToolMenuItem(PageMenuItem):
    """Shown for quiz pages to users who may edit them, as the views require."""

    def is_shown(self, user):
        # specific_class comes from the cached content type: no query per listed page.
        specific_class = self.page.specific_class
        return (
            specific_class is not None
            and issubclass(specific_class, QuizPage)
            and self.page.permissions_for_user(user).can_edit()
        )


class PasteGiftMenuItem(QuizToolMenuItem):
    label = "Paste GIFT questions"
    icon_name = "upload"
    url_name = "quizzes_admin:gift_import"


class ExportGiftMenuItem(QuizToolMenuItem):
    label = "Export questions as GIFT"
    icon_name = "download"
    url_name = "quizzes_admin:gift_export"


class ItemAnalysisMenuItem(QuizToolMenuItem):
    label = "Item analysis"
    icon_name = "table"
    url_name = "quizzes_admin:item_analysis"


def _quiz_menu_items(page, first_priority):
    return [
        PasteGiftMenuItem(page=page, priority=first_priority),
        ExportGiftMenuItem(page=page, priority=first_priority + 1),
        ItemAnalysisMenuItem(page=page, priority=first_priority + 2),
    ]


@hooks.register("register_page_header_buttons")
def quiz_header_buttons(page, user, view_name, next_url=None):
    # After Wagtail's own History (65) and Sort menu order (70).
    return _quiz_menu_items(page, 80)


@hooks.register("register_page_listing_more_buttons")
def quiz_listing_more_buttons(page, user, next_url=None):
    return _quiz_menu_items(page, 70)
