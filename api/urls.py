from django.urls import path

from .v1 import api

# Mounted at /api/v1/ by cec_site.urls: /api/v1/completions, /api/v1/certificates/<code>,
# /api/v1/openapi.json and the /api/v1/docs page.
urlpatterns = [path("", api.urls)]
