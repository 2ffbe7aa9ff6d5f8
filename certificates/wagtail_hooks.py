from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import ADMIN_NAMESPACE, CertificatePermissionPolicy, CertificateViewSet
from .models import Certificate

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
