from datetime import date

from django.utils.html import format_html, format_html_join

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from accounts.profile import PROFILE_SECTIONS_HOOK

from .models import (
    CERTIFICATION_MENU_HOOK,
    EXPIRY_WARNING_DAYS,
    CertifyingBody,
    CourseApproval,
    LearnerCredential,
)
from .profile import CredentialsSection


def approval_status(approval, today=None):
    today = today or date.today()
    if approval.valid_from > today:
        return "Not yet valid"
    if approval.valid_until is None:
        return "Valid"
    if approval.valid_until < today:
        return "Expired"
    days = (approval.valid_until - today).days
    if days <= EXPIRY_WARNING_DAYS:
        return f"Expires in {days} day{'s' if days != 1 else ''}"
    return "Valid"


class CertifyingBodyViewSet(ModelViewSet):
    model = CertifyingBody
    icon = "group"
    menu_label = "Certifying bodies"
    list_display = ["name", "code", "provider_number", "credit_unit", "credits_per_hour"]
    search_fields = ["name", "code"]
    inspect_view_enabled = True
    # The body's staff group (who may see its completion records) joins the model's panels.
    panels = [
        *CertifyingBody.panels,
        FieldPanel(
            "staff_group",
            help_text="Members see and export this body's completion records and nothing else; "
            "give the group only the 'Can access Wagtail admin' permission.",
        ),
    ]


class CourseApprovalViewSet(ModelViewSet):
    model = CourseApproval
    icon = "tick-inverse"
    menu_label = "Course approvals"
    list_display = [
        "body",
        "course",
        "approval_number",
        Column("credits", label="Credits", accessor="credits_label"),
        "valid_from",
        "valid_until",
        Column("status", label="Status", accessor=approval_status),
    ]
    list_filter = ["body", "valid_until"]
    search_fields = ["approval_number"]
    inspect_view_enabled = True


class LearnerCredentialViewSet(ModelViewSet):
    model = LearnerCredential
    icon = "user"
    menu_label = "Learner credentials"
    list_display = ["learner", "body", "credential_number", "licence_state", "profession"]
    list_filter = ["body"]
    search_fields = ["credential_number"]
    form_fields = ["learner", "body", "credential_number", "licence_state", "profession"]


class CertificationGroup(ModelViewSetGroup):
    menu_label = "Certification"
    menu_icon = "doc-full"
    menu_order = 220
    items = [CertifyingBodyViewSet, CourseApprovalViewSet, LearnerCredentialViewSet]
    # Apps above this one (the completion records report) add their screens to the group.
    submenu_hook = CERTIFICATION_MENU_HOOK


@hooks.register("register_admin_viewset")
def register_certification_viewsets():
    return CertificationGroup()


@hooks.register(PROFILE_SECTIONS_HOOK)
def credentials_profile_section(request, data):
    return CredentialsSection(request, data)


class ExpiringApprovalsPanel(Component):
    """Warns on the admin dashboard about approvals that lapse within 60 days."""

    name = "expiring_approvals"
    order = 90

    def __init__(self, approvals):
        self.approvals = approvals

    def render_html(self, parent_context=None):
        rows = format_html_join(
            "",
            "<li>{} {} for {}: {} on {}</li>",
            (
                (a.body.code, a.approval_number, a.course.title, approval_status(a), a.valid_until)
                for a in self.approvals
            ),
        )
        return format_html(
            '<section class="panel" aria-labelledby="expiring-approvals">'
            '<h2 id="expiring-approvals">Course approvals expiring within {} days</h2>'
            "<ul>{}</ul><p>Renew them with the certifying body, then record the new dates."
            "</p></section>",
            EXPIRY_WARNING_DAYS,
            rows,
        )


@hooks.register("construct_homepage_panels")
def add_expiring_approvals_panel(request, panels):
    if not request.user.has_perm("certifying_bodies.view_courseapproval"):
        return
    approvals = list(CourseApproval.objects.expiring_within().select_related("body", "course")[:20])
    if approvals:
        panels.append(ExpiringApprovalsPanel(approvals))
