from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import ADMIN_NAMESPACE, DeliveryPermissionPolicy, StatementDeliveryViewSet
from .models import StatementDelivery

register_permission_policy(StatementDelivery, DeliveryPermissionPolicy(StatementDelivery))


@hooks.register("register_log_actions")
def register_lrs_log_actions(actions):
    actions.register_action("cec.lrs.retry", "Retry LRS delivery", "LRS delivery retried")


@hooks.register("register_admin_viewset")
def register_lrs_viewset():
    return StatementDeliveryViewSet(ADMIN_NAMESPACE)
