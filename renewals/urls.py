from django.urls import path

from . import views

app_name = "renewals"

urlpatterns = [
    path("external/add/", views.add_external_credit, name="add_external"),
    path("external/<int:pk>/delete/", views.delete_external_credit, name="delete_external"),
    path("external/<int:pk>/file", views.external_credit_file, name="external_file"),
    path("<str:body_code>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("<str:body_code>/summary.csv", views.summary_csv, name="summary_csv"),
]
