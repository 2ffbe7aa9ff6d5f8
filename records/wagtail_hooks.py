from wagtail import hooks

from .admin_views import CompletionReportViewSet
from .bulk_admin import BulkDownloadViewSet


@hooks.register("register_admin_viewset")
def register_completion_report():
    return CompletionReportViewSet()


@hooks.register("register_admin_viewset")
def register_bulk_certificate_download():
    return BulkDownloadViewSet()


@hooks.register("register_log_actions")
def register_export_log_action(actions):
    actions.register_action("cec.export", "Export completions", "Completions exported")
