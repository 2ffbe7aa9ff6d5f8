"""Settings shared by every environment; dev, test and production extend them."""

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "accounts",
    "home",
    "courses",
    "authoring",
    "quizzes",
    "certificates",
    "certifying_bodies",
    "learning",
    "records",
    "renewals",
    "api",
    "lrs",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "health_check",
    "django_ratelimit",
    "ninja",
    "allauth",
    "allauth.account",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.generations.RequestScope",  # cache tokens read once per request
    "cec_site.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "home.sites.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cec_site.middleware.RejectControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lock-out into its 429 page
]

ROOT_URLCONF = "cec_site.urls"

# Content-Security-Policy for the site's pages: everything from our own origin, no inline
# script or style (scripts are static files that read data-* attributes). The Wagtail
# admin relies on inline scripts and styles of its own, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cec_site.wsgi.application"

# The embedded SQLite database: WAL lets readers work while one request writes, the busy
# timeout makes a second writer wait instead of failing with "database is locked", and
# IMMEDIATE transactions take the write lock up front, so two simultaneous quiz starts or
# submits queue up rather than both reading and then colliding on their first write.
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=20000; PRAGMA synchronous=NORMAL;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out log-ins
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: e-mail is the login; there is no username.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Mandatory verification lets allauth hide whether an address has an account: signing up
# with a taken address looks like any sign-up, and the owner gets an "account already
# exists" e-mail instead of a second account.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
# Both log-in forms (allauth's public one and the Wagtail admin's) go through django-axes:
# after AXES_FAILURE_LIMIT failures for one address or one account, log-in is refused with
# a 429 page for AXES_COOLOFF_TIME. allauth's own log-in limits are off so there is
# one lock-out, not two with different counts and pages.
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": None}
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_USERNAME_CALLABLE = "cec_site.login_protection.login_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_VERBOSE = False
WAGTAILADMIN_USER_LOGIN_FORM = "cec_site.login_protection.AdminLoginForm"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/dashboard/"
DEFAULT_FROM_EMAIL = "CEC Platform <no-reply@cec.example>"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
# Learners' uploaded CE certificates: no URL serves this directory (see renewals/storage.py).
PRIVATE_MEDIA_ROOT = BASE_DIR / "private-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The Wagtail page editor posts many fields for long quizzes.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work goes through django-tasks; dev and tests run it inline.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "CEC Platform"
# The site's canonical address in certificates, QR codes, credential and xAPI ids,
# exports and API links. `make run PORT=8001` sets it to match the server's port.
WAGTAILADMIN_BASE_URL = (
    os.environ.get("DJANGO_BASE_URL", "").strip().rstrip("/") or "http://127.0.0.1:8000"
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # the admin loads nothing from other sites

# Where the launch modules live, for `make run` and the tests.
CONTENT_DIR = BASE_DIR / "content"

# The client's address for rate limits, log-in lock-out and audit logs: REMOTE_ADDR, or
# behind proxies the entry the outermost of TRUSTED_PROXY_COUNT proxies appended to
# CLIENT_IP_HEADER (e.g. HTTP_X_FORWARDED_FOR). See core/client_ip.py.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip() or None
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "").strip() or 1)
CLIENT_IP_FUNCTION = "core.client_ip.client_ip"
ACCOUNT_ADAPTER = "cec_site.account_adapter.AccountAdapter"

# Public certificate lookups are rate-limited per client (django-ratelimit); a refusal
# answers 429.
RATELIMIT_IP_META_KEY = CLIENT_IP_FUNCTION
AXES_CLIENT_IP_CALLABLE = CLIENT_IP_FUNCTION
RATELIMIT_VIEW = "certificates.views.rate_limited"
CERTIFICATE_LOOKUP_RATE = "60/m"

# Open Badges 3.0 credentials are signed (VC-JWT, RS256) with this RSA key; its public half
# is served at /.well-known/jwks.json. It lives outside the repository and media/.
CEC_SIGNING_KEY_FILE = (
    Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    / "cec-platform"
    / "signing-key.pem"
)
CEC_SIGNING_KEY_CREATE = False  # make the key on first use when the file is missing

# xAPI statements to a learning record store (lrs app); an empty endpoint turns delivery off.
LRS_ENDPOINT = os.environ.get("LRS_ENDPOINT", "")  # e.g. https://lrs.example/xapi/
LRS_USERNAME = os.environ.get("LRS_USERNAME", "")
LRS_PASSWORD = os.environ.get("LRS_PASSWORD", "")
LRS_CONNECT_TIMEOUT = 5  # seconds
LRS_READ_TIMEOUT = 15  # seconds
LRS_MAX_ATTEMPTS = 10
