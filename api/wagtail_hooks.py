from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from .admin_views import ADMIN_NAMESPACE, ApiTokenPermissionPolicy, ApiTokenViewSet
from .models import ApiToken

register_permission_policy(ApiToken, ApiTokenPermissionPolicy(ApiToken))


@hooks.register("register_log_actions")
def register_api_log_actions(actions):
    @actions.register_action("cec.api.call")
    class ApiCall(LogFormatter):
        label = "API call"

        def format_message(self, log_entry):
            data = log_entry.data
            return (
                f"API {data.get('path')} with token {data.get('token')}…: "
                f"{data.get('rows')} row(s), status {data.get('status')}"
            )

    @actions.register_action("cec.token.create")
    class TokenCreate(LogFormatter):
        label = "Issue API token"

        def format_message(self, log_entry):
            return f"API token {log_entry.data.get('token')}… issued"

    @actions.register_action("cec.token.revoke")
    class TokenRevoke(LogFormatter):
        label = "Revoke API token"

        def format_message(self, log_entry):
            return f"API token {log_entry.data.get('token')}… revoked"


@hooks.register("register_admin_viewset")
def register_api_token_viewset():
    return ApiTokenViewSet(ADMIN_NAMESPACE)
