from django.conf import settings
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from cec_site import errors
from certificates import views_credentials, views_learner
from learning import views as learning_views
from learning import views_seat_time

from .health import HealthView, NodeHealthView

handler500 = "cec_site.errors.server_error"


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever a page's <link> says."""
    return redirect(static("favicon.svg"), permanent=True)


urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    path("health/node/", NodeHealthView.as_view(), name="health_node"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("dashboard/", learning_views.dashboard, name="dashboard"),
    path("learning/heartbeat/", views_seat_time.heartbeat, name="learning_heartbeat"),
    path("dashboard/transcript.csv", views_learner.transcript_csv, name="transcript_csv"),
    path("dashboard/transcript.pdf", views_learner.transcript_pdf, name="transcript_pdf"),
    path("dashboard/renewal/", include("renewals.urls")),
    path("certificates/", include("certificates.urls")),
    path("api/v1/", include("api.urls")),
    re_path(r"^api/", errors.api_not_found),
    path(".well-known/jwks.json", views_credentials.jwks, name="jwks"),
    path("favicon.ico", favicon),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
