"""Provider admins' screens: list and inspect certificates, revoke and reissue them.

Certificates are issued by the system and never edited or deleted in the admin; the
permission policy below says so, and revoking or reissuing needs its own permission.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from .issuing import CertificateError, reissue_certificate, revoke_certificate
from .models import Certificate


class CertificatePermissionPolicy(ModelPermissionPolicy):
    NEVER = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        if action in self.NEVER:
            return False
        if action == "revoke":
            return user.is_active and user.has_perm("certificates.revoke_certificate")
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the public verification page.",
    )


class ReissueForm(forms.Form):
    learner_name = forms.CharField(
        label="Name to print",
        max_length=150,
        help_text="Defaults to the learner's current name for certificates.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Kept in the audit log."
    )


class CertificateActionView(WagtailAdminTemplateMixin, FormView):
    """Base for revoke and reissue: loads the certificate and checks the permission."""

    template_name = "certificates/admin/action.html"
    permission_policy = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        self.certificate = get_object_or_404(Certificate, pk=kwargs["pk"])
        if not self.permission_policy.user_has_permission(request.user, "revoke"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.certificate.code

    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.certificate.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            certificate=self.certificate, cancel_url=self.inspect_url(), **kwargs
        )

    def form_valid(self, form):
        try:
            message = self.act(form.cleaned_data)
        except CertificateError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.inspect_url())


class RevokeView(CertificateActionView):
    page_title = _("Revoke certificate")
    header_icon = "warning"
    form_class = RevokeForm

    def act(self, data):
        revoke_certificate(self.certificate, reason=data["reason"], user=self.request.user)
        return f"Certificate {self.certificate.code} revoked."


class ReissueView(CertificateActionView):
    page_title = _("Reissue certificate")
    header_icon = "repeat"
    form_class = ReissueForm

    def get_initial(self):
        return {"learner_name": self.certificate.learner.name_for_certificate}

    def act(self, data):
        new = reissue_certificate(
            self.certificate,
            user=self.request.user,
            reason=data["reason"],
            learner_name=data["learner_name"],
        )
        self.certificate = new
        return f"Certificate reissued as {new.code}; the old one now points to it."


ADMIN_NAMESPACE = "certificate_admin"


def _action_buttons(view, certificate):
    if certificate.status != Certificate.Status.VALID:
        return []
    if not view.permission_policy.user_has_permission(view.request.user, "revoke"):
        return []
    return [
        Button(
            label,
            url=reverse(f"{ADMIN_NAMESPACE}:{name}", args=[certificate.pk]),
            icon_name=icon,
            priority=priority,
        )
        for label, name, icon, priority in [
            ("Revoke", "revoke", "warning", 30),
            ("Reissue", "reissue", "repeat", 40),
        ]
    ]


class CertificateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + _action_buttons(self, instance)


class CertificateInspectView(InspectView):
    @property
    def header_more_buttons(self):
        return super().header_more_buttons + _action_buttons(self, self.object)

    def get_snapshot_display_value(self):
        return render_to_string(
            "certificates/admin/snapshot.html", {"snapshot": self.object.snapshot}
        )


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = "Certificates"
    menu_order = 210
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    list_display = [
        "code",
        Column("learner_name", label="Learner", accessor=lambda c: c.snapshot["learner_name"]),
        Column("course_code", label="Course", accessor=lambda c: c.snapshot["course_code"]),
        "completed_on",
        "status",
    ]
    list_filter = ["status", "completed_on"]
    search_fields = ["code"]
    inspect_view_fields = [
        "code",
        "status",
        "learner",
        "course",
        "completed_on",
        "issued_at",
        "valid_until",
        "revoked_at",
        "revoked_reason",
        "superseded_by",
        "snapshot",
    ]
    form_fields = ["revoked_reason"]  # never shown: nobody may edit a certificate

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
            path("reissue/<int:pk>/", self.reissue_view, name="reissue"),
        ]

    def _action_view(self, view_class):
        return view_class.as_view(
            permission_policy=self.permission_policy,
            inspect_url_name=self.get_url_name("inspect"),
        )

    @property
    def revoke_view(self):
        return self._action_view(RevokeView)

    @property
    def reissue_view(self):
        return self._action_view(ReissueView)
