"""The "Completion records" report in the admin: filter, page through, download.

Provider admins see every body; a body's staff see only their own (see `staff.py`). A body
someone may not see answers 404, whether in the report or a download. Downloads stream:
text formats through a `StreamingHttpResponse` over the export generator; the XLSX
formats are written to a temporary file first (a ZIP cannot be streamed as it is built)
and sent from there, so neither holds the whole export in memory.

Audit: each download writes one "cec.export" log entry on the body with the filters, the
format and the number of records sent. For streamed downloads the entry is written when
the stream ends, with the count actually sent and `complete: false` if the client went
away first.
"""

import tempfile

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header, urlencode
from django.views.generic import TemplateView, View

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from certificates.models import verification_url
from certifying_bodies.credits import format_credits
from certifying_bodies.models import CERTIFICATION_MENU_HOOK, CertifyingBody
from core.admin_pages import admin_forbidden
from core.forms import DateRangeForm
from courses.models import CoursePage
from records.staff import bodies_visible_to, can_view_completion_report

from .cebroker import cebroker_unreportable
from .completions import RecordFilter, completion_records
from .exports import (
    FORMATS,
    STATUS_CHOICES,
    log_export,
    logged_chunks,
    write_export,
)

NO_ACCESS = (
    "Sorry, completion records are only open to provider admins and to the staff of the "
    "certifying body whose records they are. Ask an administrator to add you to your "
    "body's staff group."
)

NAMESPACE = "completion_records"
PER_PAGE = 50
DOWNLOAD_ORDER = [
    "csv",
    "csv-excel",
    "xlsx",
    "cebroker",
    "cebroker-xlsx",
    "jsonl",
    "xapi",
    "badges",
]


class CompletionFilterForm(DateRangeForm):
    body = forms.ModelChoiceField(
        queryset=CertifyingBody.objects.none(),
        to_field_name="code",
        empty_label=None,
        label="Certifying body",
    )
    module = forms.ModelChoiceField(
        queryset=CoursePage.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="All modules",
        label="Module",
    )
    status = forms.ChoiceField(
        choices=[(key, key.capitalize()) for key in STATUS_CHOICES],
        required=False,
        label="Certificate status",
    )

    field_order = ["body", "module", "since", "until", "status"]

    def __init__(self, data, *, bodies):
        super().__init__(data)
        self.fields["since"].label, self.fields["until"].label = "Completed from", "Completed to"
        self.fields["body"].queryset = bodies
        self.fields["module"].queryset = (
            CoursePage.objects.filter(approvals__body__in=bodies).distinct().order_by("code")
        )
        self.fields["module"].label_from_instance = lambda course: f"{course.code} {course.title}"

    def clean_status(self):
        return self.cleaned_data.get("status") or "valid"

    def record_filter(self) -> RecordFilter:
        data = self.cleaned_data
        return RecordFilter(
            body=data["body"],
            since=data["since"],
            until=data["until"],
            module=data["module"].code if data["module"] else None,
            statuses=STATUS_CHOICES[data["status"]],
        )

    def query(self) -> str:
        """The cleaned filters as a query string, for pagination and download links."""
        data = self.cleaned_data
        params = {"body": data["body"].code, "status": data["status"]}
        if data["module"]:
            params["module"] = data["module"].code
        for name in ("since", "until"):
            if data[name]:
                params[name] = data[name].isoformat()
        return urlencode(params)


class ReportAccessMixin:
    """Loads the bodies the user may see and binds the filter form to the query string."""

    def dispatch(self, request, *args, **kwargs):
        if not can_view_completion_report(request.user):
            return admin_forbidden(request, NO_ACCESS)
        self.bodies = bodies_visible_to(request.user).order_by("name")
        return super().dispatch(request, *args, **kwargs)

    def bind_form(self, request) -> CompletionFilterForm:
        data = request.GET.copy()
        code = data.get("body")
        if code:
            # Another body's records are not there for this user.
            if (
                not self.bodies.filter(code=code).exists()
                and CertifyingBody.objects.filter(code=code).exists()
            ):
                raise Http404("No such certifying body.")
        else:
            first = self.bodies.first()
            if first is not None:
                data["body"] = first.code
        return CompletionFilterForm(data, bodies=self.bodies)


class CompletionReportView(ReportAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "records/admin/completion_report.html"
    page_title = "Completion records"
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        form = self.bind_form(request)
        context = self.get_context_data(form=form, has_bodies=self.bodies.exists())
        if form.is_valid():
            context.update(self.results(form))
        return self.render_to_response(context)

    def results(self, form) -> dict:
        flt = form.record_filter()
        query = form.query()
        paginator = Paginator(completion_records(flt), PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        rows = [
            {
                **row,
                "credits_text": format_credits(row["credits"]),
                "verification_url": verification_url(row["certificate_code"]),
            }
            for row in page
        ]
        download = reverse(f"{NAMESPACE}:download", args=["FORMAT"])
        return {
            "flt": flt,
            "page_obj": page,
            "rows": rows,
            "total": paginator.count,
            "previous_url": f"?{query}&p={page.previous_page_number()}"
            if page.has_previous()
            else None,
            "next_url": f"?{query}&p={page.next_page_number()}" if page.has_next() else None,
            "downloads": [
                {
                    "label": FORMATS[name].label,
                    "url": download.replace("FORMAT", name) + f"?{query}",
                    "name": name,
                }
                for name in DOWNLOAD_ORDER
            ],
            "cebroker_left_out": cebroker_unreportable(flt) if paginator.count else 0,
            "zip_query": query,
        }


class CompletionDownloadView(ReportAccessMixin, View):
    def get(self, request, fmt):
        export = FORMATS.get(fmt)
        if export is None:
            raise Http404("No such export format.")
        form = self.bind_form(request)
        if not form.is_valid():
            problems = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
            )
            return HttpResponse(
                f"Bad filters: {problems}\n", status=400, content_type="text/plain; charset=utf-8"
            )
        flt = form.record_filter()
        filename = export.filename(flt)
        if export.binary:
            out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
            stats = write_export(flt, fmt, out)
            log_export(flt, fmt, stats, user=request.user, source="admin")
            out.seek(0)
            response = FileResponse(
                out, as_attachment=True, filename=filename, content_type=export.content_type
            )
        else:
            response = StreamingHttpResponse(
                logged_chunks(flt, fmt, user=request.user, source="admin"),
                content_type=export.content_type,
            )
            response["Content-Disposition"] = content_disposition_header(True, filename)
        add_never_cache_headers(response)
        return response


class CompletionReportMenuItem(MenuItem):
    def is_shown(self, request):
        if not hasattr(request, "_cec_completion_report"):
            request._cec_completion_report = can_view_completion_report(request.user)
        return request._cec_completion_report


class CompletionReportViewSet(ViewSet):
    """The report and its downloads, listed in the Certification menu group."""

    name = NAMESPACE
    url_prefix = "completion-records"
    icon = "table"
    menu_label = "Completion records"
    menu_item_class = CompletionReportMenuItem
    menu_hook = CERTIFICATION_MENU_HOOK
    menu_order = 900  # after the group's own screens

    def get_urlpatterns(self):
        return [
            path("", CompletionReportView.as_view(), name="index"),
            path("download/<str:fmt>/", CompletionDownloadView.as_view(), name="download"),
        ]

    @cached_property
    def menu_url(self):
        return reverse(f"{NAMESPACE}:index")
