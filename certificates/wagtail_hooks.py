from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from courses.extensions import COURSE_PAGE_ACTIONS_HOOK
from learning.panels import LEARNER_STATUS_LINES_HOOK
from learning.views import DASHBOARD_SECTIONS_HOOK
from quizzes.services import QUIZ_FRESH_START_HOOK

from .admin_views import ADMIN_NAMESPACE, CertificatePermissionPolicy, CertificateViewSet
from .learner import (
    DashboardCertificates,
    certificate_status_lines,
    claim_certificate_view,
    fresh_start_after_expiry,
)
from .models import Certificate, ModuleCertificatePolicy

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
