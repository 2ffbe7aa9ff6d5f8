from wagtail import hooks


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
