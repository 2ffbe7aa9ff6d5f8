"""Provider admins' screens for body API tokens: issue (token shown once), list, revoke.

Tokens are never edited or deleted. Issuing needs `api.add_apitoken`; revoking needs
`api.change_apitoken`; either (or `api.view_apitoken`) shows the list.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from .models import ApiToken
from .tokens import TokenError, issue_api_token, revoke_api_token

ADMIN_NAMESPACE = "api_tokens"


class ApiTokenPermissionPolicy(ModelPermissionPolicy):
    """Add = issue, change = revoke; nobody edits or deletes a token."""

    NEVER = {"change", "delete"}

    def user_has_permission(self, user, action):
        if action in self.NEVER:
            return False
        if action == "revoke":
            return super().user_has_permission(user, "change")
        if action == "view":
            allowed = super().user_has_permission
            return any(allowed(user, a) for a in ("view", "add", "change"))
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _revoke_button(view, token, button_class=Button):
    if not token.is_active or not view.permission_policy.user_has_permission(
        view.request.user, "revoke"
    ):
        return []
    url = reverse(f"{ADMIN_NAMESPACE}:revoke", args=[token.pk])
    return [button_class(_("Revoke"), url=url, icon_name="warning", priority=30)]


class TokenIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("body", "created_by")

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + _revoke_button(self, instance)


class TokenInspectView(InspectView):
    @property
    def header_more_buttons(self):
        return super().header_more_buttons + _revoke_button(self, self.object)


class IssueTokenView(CreateView):
    page_title = _("Issue token")
    submit_button_label = _("Issue token")
    created_template_name = "api/admin/token_created.html"

    def form_valid(self, form):
        self.form = form
        token, plain = issue_api_token(
            body=form.cleaned_data["body"],
            name=form.cleaned_data["name"],
            user=self.request.user,
        )
        # The plain token is rendered into this one response and stored nowhere.
        context = self.get_context_data(form=form, token=token, plain_token=plain)
        context["index_url"] = reverse(self.index_url_name)
        response = TemplateResponse(self.request, self.created_template_name, context)
        response["Cache-Control"] = "no-store"
        return response


class RevokeTokenView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Revoke token")
    header_icon = "warning"
    template_name = "api/admin/revoke_token.html"
    permission_policy = None
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "revoke"):
            raise PermissionDenied
        self.token = get_object_or_404(ApiToken.objects.select_related("body"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.token)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            token=self.token, cancel_url=reverse(self.index_url_name), **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            revoke_api_token(token=self.token, user=request.user)
        except TokenError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Token {self.token.prefix}… of {self.token.body.code} revoked."
            )
        return redirect(self.index_url_name)


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = "Body API tokens"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = TokenIndexView
    add_view_class = IssueTokenView
    inspect_view_class = TokenInspectView
    form_fields = ["body", "name"]
    list_display = [
        "name",
        "body",
        Column("prefix", label="Token", accessor=lambda token: f"{token.prefix}…"),
        DateColumn("created_at", label="Issued"),
        "created_by",
        DateColumn("last_used_at", label="Last used"),
        Column("status", label="Status", accessor="status"),
    ]
    list_filter = ["body"]
    search_fields = ["name", "prefix"]
    inspect_view_fields = [
        "body",
        "name",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]

    @property
    def revoke_view(self):
        return RevokeTokenView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
        )
