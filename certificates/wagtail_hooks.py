from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from courses.extensions import COURSE_PAGE_ACTIONS_HOOK
from learning.panels import LEARNER_STATUS_LINES_HOOK
from learning.views import DASHBOARD_SECTIONS_HOOK
from quizzes.services import QUIZ_FRESH_START_HOOK, QUIZ_RESULT_HOOK

from .admin_views import ADMIN_NAMESPACE, CertificatePermissionPolicy, CertificateViewSet
from .learner import (
    DashboardCertificates,
    certificate_result_section,
    certificate_status_lines,
    claim_certificate_view,
    fresh_start_after_expiry,
)
from .models import Certificate, ModuleCertificatePolicy, ProviderSettings
from .provider import placeholder_fields

register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action("cec.certificate.issue", "Issue certificate", "Certificate issued")
    actions.register_action("cec.certificate.revoke", "Revoke certificate", "Certificate revoked")
    actions.register_action(
        "cec.certificate.reissue", "Reissue certificate", "Certificate reissued"
    )
    actions.register_action(
        "cec.certificate.supersede", "Supersede certificate", "Certificate superseded"
    )


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet(ADMIN_NAMESPACE)


hooks.register(LEARNER_STATUS_LINES_HOOK, certificate_status_lines)
hooks.register(QUIZ_RESULT_HOOK, certificate_result_section)
hooks.register(QUIZ_FRESH_START_HOOK, fresh_start_after_expiry)


class ModuleCertificatePolicyViewSet(ModelViewSet):
    model = ModuleCertificatePolicy
    icon = "time"
    menu_label = "Module certificate expiry"
    add_to_settings_menu = True
    list_display = ["course", "valid_years"]


@hooks.register("register_admin_viewset")
def register_module_certificate_policy_viewset():
    return ModuleCertificatePolicyViewSet("module_certificate_expiry")


hooks.register(DASHBOARD_SECTIONS_HOOK, DashboardCertificates)


@hooks.register(COURSE_PAGE_ACTIONS_HOOK)
def certificate_actions():
    return {"certificate": claim_certificate_view}


class PlaceholderProviderPanel(Component):
    """Tells admins the provider details are still the shipped placeholders."""

    name = "placeholder_provider"
    order = 10

    def __init__(self, fields, *, paused):
        self.fields, self.paused = fields, paused

    def render_html(self, parent_context=None):
        consequence = (
            "No certificate is issued until they are set; learners who pass are told theirs "
            "is pending and lose nothing."
            if self.paused
            else "Certificates issued now would print them."
        )
        return format_html(
            '<section class="panel help-block help-warning" aria-labelledby="provider-details">'
            '<h2 id="provider-details">Provider details are placeholders</h2>'
            "<p>Still to set: {}. {}</p>"
            '<p><a href="{}">Set the provider details</a> (Settings → Certificate provider).</p>'
            "</section>",
            ", ".join(self.fields),
            consequence,
            reverse("wagtailsettings:edit", args=["certificates", "providersettings"]),
        )


@hooks.register("construct_homepage_panels")
def warn_about_placeholder_provider(request, panels):
    if not request.user.has_perm("certificates.change_providersettings"):
        return
    fields = placeholder_fields(ProviderSettings.load(request_or_site=request))
    if fields:
        paused = bool(getattr(settings, "CEC_REQUIRE_PROVIDER_DETAILS", False))
        panels.append(PlaceholderProviderPanel(fields, paused=paused))
