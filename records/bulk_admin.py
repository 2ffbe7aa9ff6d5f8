"""*Certification → Certificate PDFs (ZIP)*: the bulk download screen.

Scoped exactly like the completion report (`records.staff`): provider admins choose any
body, or a module across bodies; a body's staff choose among their own bodies only (a
module then means that module's certificates their body received). Asking for a body one
may not see is refused (403) without saying whether it exists. Each download is one
"cec.export" audit entry (format `pdf-zip`), written when the stream ends.
"""

from django import forms
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from certificates import pdf
from certifying_bodies.models import CERTIFICATION_MENU_HOOK
from core.admin_pages import admin_forbidden
from courses.models import CoursePage

from .admin_views import NO_ACCESS, CompletionFilterForm, CompletionReportMenuItem
from .bulk import BulkSelection, logged_zip
from .exports import STATUS_CHOICES
from .staff import bodies_visible_to, can_view_completion_report, sees_all_bodies

NAMESPACE = "certificate_zip"
NOT_YOUR_BODY = (
    "Sorry, you may download the certificates of your own certifying body only. Choose one "
    "of the bodies offered in the form."
)


class BulkDownloadForm(CompletionFilterForm):
    """The completion report's filters, plus the paper size; a provider admin may leave the
    body out and take one module across every body."""

    size = forms.ChoiceField(
        choices=[(key, label) for key, (_css, label) in pdf.SIZES.items()],
        required=False,
        label="Paper size",
    )

    field_order = ["body", "module", "since", "until", "status", "size"]

    def __init__(self, data, *, bodies, all_bodies: bool):
        super().__init__(data, bodies=bodies)
        self.all_bodies = all_bodies
        if all_bodies:
            body = self.fields["body"]
            body.required, body.empty_label = False, "Any body (choose a module)"
            self.fields["module"].queryset = CoursePage.objects.order_by("code")

    def clean_size(self):
        return self.cleaned_data.get("size") or pdf.DEFAULT_SIZE

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("body") and not cleaned.get("module"):
            raise forms.ValidationError("Choose a certifying body, a module, or both.")
        return cleaned

    def selection(self) -> BulkSelection:
        data = self.cleaned_data
        return BulkSelection(
            body=data["body"],
            module=data["module"].code if data["module"] else None,
            since=data["since"],
            until=data["until"],
            statuses=STATUS_CHOICES[data["status"]],
            size=data["size"],
        )


class BulkDownloadView(WagtailAdminTemplateMixin, TemplateView):
    """GET without `download`: the form (and how many certificates it selects); with
    `download=1`: the ZIP, streamed."""

    template_name = "records/admin/bulk_download.html"
    page_title = "Certificate PDFs (ZIP)"
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_completion_report(request.user):
            return admin_forbidden(request, NO_ACCESS)
        self.bodies = bodies_visible_to(request.user).order_by("name")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        code = data.get("body")
        if code and not self.bodies.filter(code=code).exists():
            return admin_forbidden(request, NOT_YOUR_BODY)
        bound = bool(data)
        if not bound and not sees_all_bodies(request.user):
            first = self.bodies.first()
            data["body"] = first.code if first else ""
        form = BulkDownloadForm(
            data if bound else None, bodies=self.bodies, all_bodies=sees_all_bodies(request.user)
        )
        if not bound:
            form.initial = {"body": data.get("body")}
        context = self.get_context_data(form=form)
        if bound and form.is_valid():
            selection = form.selection()
            if data.get("download"):
                return self.stream(selection)
            context.update(selection=selection, count=selection.count())
            context["download_url"] = f"?{data.urlencode()}&download=1"
        return self.render_to_response(context, status=400 if bound and form.errors else 200)

    def stream(self, selection: BulkSelection):
        response = StreamingHttpResponse(
            logged_zip(selection, user=self.request.user, source="admin"),
            content_type="application/zip",
        )
        response["Content-Disposition"] = content_disposition_header(True, selection.filename())
        add_never_cache_headers(response)
        return response


class BulkDownloadViewSet(ViewSet):
    name = NAMESPACE
    url_prefix = "certificate-pdfs"
    icon = "download"
    menu_label = "Certificate PDFs (ZIP)"
    menu_item_class = CompletionReportMenuItem  # shown to whoever sees the report
    menu_hook = CERTIFICATION_MENU_HOOK
    menu_order = 910  # just after Completion records

    def get_urlpatterns(self):
        return [path("", BulkDownloadView.as_view(), name="index")]

    @cached_property
    def menu_url(self):
        return reverse(f"{NAMESPACE}:index")
