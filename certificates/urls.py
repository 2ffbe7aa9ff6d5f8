from django.urls import path

from . import views, views_credentials, views_pdf

app_name = "certificates"

urlpatterns = [
    path("", views.search, name="search"),
    path("issuer.json", views_credentials.issuer_profile, name="issuer"),
    path("<str:code>/", views.verify, name="verify"),
    path("<str:code>/pdf", views_pdf.certificate_pdf, name="pdf"),
    path("<str:code>/credential.json", views_credentials.credential_json, name="credential_json"),
    path("<str:code>/credential.jwt", views_credentials.credential_jwt, name="credential_jwt"),
]
