from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.profile import PROFILE_SECTIONS_HOOK
from certifying_bodies.models import CERTIFICATION_MENU_HOOK
from learning.views import DASHBOARD_SECTIONS_HOOK

from .learner import DashboardCycles, ReminderSection
from .models import ReminderSent

hooks.register(DASHBOARD_SECTIONS_HOOK, DashboardCycles)


@hooks.register(PROFILE_SECTIONS_HOOK)
def reminder_profile_section(request, data):
    return ReminderSection(request, data)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The record of reminders sent is written by `send_reminders` only."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ReminderSent, ReadOnlyPolicy(ReminderSent))


class ReminderSentViewSet(ModelViewSet):
    model = ReminderSent
    icon = "mail"
    menu_label = "Reminders sent"
    list_display = ["sent_at", "learner", "kind", "subject", "period_end", "threshold_days"]
    list_filter = ["kind", "threshold_days"]
    search_fields = ["subject", "email"]
    inspect_view_enabled = True
    form_fields = ["kind", "subject"]
    add_to_admin_menu = True
    menu_hook = CERTIFICATION_MENU_HOOK
    menu_order = 950


@hooks.register("register_admin_viewset")
def register_reminders_viewset():
    return ReminderSentViewSet("reminders_sent")
