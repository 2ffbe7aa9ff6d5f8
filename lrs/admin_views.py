"""Provider admins' screen for LRS delivery: pending and failed statements, retry now.

Listing needs `lrs.view_statementdelivery` (or change); "Retry now" needs
`lrs.change_statementdelivery`. Rows are written by the system and never edited here.
"""

import json

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from .models import StatementDelivery
from .tasks import retry_now

ADMIN_NAMESPACE = "lrs_deliveries"
RETRYABLE = (StatementDelivery.Status.PENDING, StatementDelivery.Status.FAILED)


class DeliveryPermissionPolicy(ModelPermissionPolicy):
    NEVER = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        if action in self.NEVER:
            return False
        if action == "retry":
            return super().user_has_permission(user, "change")
        if action == "view":
            allowed = super().user_has_permission
            return any(allowed(user, a) for a in ("view", "change"))
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _retry_button(view, delivery):
    if delivery.status not in RETRYABLE or not view.permission_policy.user_has_permission(
        view.request.user, "retry"
    ):
        return []
    url = reverse(f"{ADMIN_NAMESPACE}:retry", args=[delivery.pk])
    return [Button(_("Retry now"), url=url, icon_name="resubmit", priority=30)]


class DeliveryIndexView(IndexView):
    page_title = _("LRS deliveries: pending and failed")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(status__in=RETRYABLE)
            .select_related("certificate")
            .order_by("status", "next_attempt_at", "id")
        )

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + _retry_button(self, instance)


class DeliveryInspectView(InspectView):
    @property
    def header_more_buttons(self):
        return super().header_more_buttons + _retry_button(self, self.object)

    def get_statement_display_value(self):
        return format_html("<pre>{}</pre>", json.dumps(self.object.statement, indent=2))


class RetryDeliveryView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Retry LRS delivery")
    header_icon = "resubmit"
    template_name = "lrs/admin/retry.html"
    permission_policy = None
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "retry"):
            raise PermissionDenied
        self.delivery = get_object_or_404(StatementDelivery, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.delivery)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            delivery=self.delivery, cancel_url=reverse(self.index_url_name), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if retry_now(self.delivery):
            log(
                self.delivery,
                "cec.lrs.retry",
                user=request.user,
                data={"statement_id": str(self.delivery.statement_id)},
            )
            self.delivery.refresh_from_db()
            messages.success(
                request,
                f"Statement {self.delivery.statement_id} sent for delivery now "
                f"(status: {self.delivery.get_status_display().lower()}).",
            )
        else:
            messages.error(request, "Only a pending or failed statement can be retried.")
        return redirect(self.index_url_name)


class StatementDeliveryViewSet(ModelViewSet):
    model = StatementDelivery
    icon = "upload"
    menu_label = "LRS deliveries"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    form_fields = ["status"]  # never shown: nobody edits a delivery
    list_display = [
        Column("statement_id", label="Statement"),
        Column("verb", label="Verb"),
        Column("certificate", label="Certificate", accessor=lambda d: d.certificate.code),
        "status",
        "attempts",
        DateColumn("next_attempt_at", label="Next attempt"),
        Column(
            "last_error",
            label="Last error",
            accessor=lambda d: Truncator(d.last_error).chars(120),
        ),
    ]
    list_filter = ["status"]
    inspect_view_fields = [
        "statement_id",
        "certificate",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "delivered_at",
        "created_at",
        "statement",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("retry/<int:pk>/", self.retry_view, name="retry"),
        ]

    @property
    def retry_view(self):
        return RetryDeliveryView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
        )
