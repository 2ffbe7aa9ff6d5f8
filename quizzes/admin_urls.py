"""Admin URLs for quiz tools, mounted under /admin/quizzes/ by wagtail_hooks."""

from django.urls import path

from . import admin_views

app_name = "quizzes_admin"

urlpatterns = [
    path("<int:page_id>/gift/paste/", admin_views.GiftImportView.as_view(), name="gift_import"),
    path("<int:page_id>/gift/export/", admin_views.GiftExportView.as_view(), name="gift_export"),
    path(
        "<int:page_id>/item-analysis/",
        admin_views.ItemAnalysisView.as_view(),
        name="item_analysis",
    ),
    path(
        "<int:page_id>/item-analysis.csv",
        admin_views.ItemAnalysisCsvView.as_view(),
        name="item_analysis_csv",
    ),
]
