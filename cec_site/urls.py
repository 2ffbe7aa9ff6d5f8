from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from certificates import views_credentials, views_learner
from learning import views as learning_views
from learning import views_seat_time

from .health import HealthView, NodeHealthView

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
    path(".well-known/jwks.json", views_credentials.jwks, name="jwks"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
