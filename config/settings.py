"""Kindred settings: one module, read from environment variables.

Production values that must be set have no default; malformed values fail loudly.
A local `.env` file (written by `./kindred` on first run) is read when present.
"""

import re
from pathlib import Path
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "commissioning",
    "procurement",
    "dialogue",
    "social_value",
    "contracts",
    "reports",
    "learning",
    "open_data",
    "api",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.CurrentOrganisationMiddleware",
    "accounts.middleware.RequireStaffMFAMiddleware",
]

FORM_RENDERER = "core.forms.GovUKFormRenderer"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
            "builtins": [
                "django.templatetags.static",
                "core.templatetags.kindred_format",
                "core.templatetags.kindred_components",
            ],
        },
    }
]

# --- Database: PostgreSQL only, persistent connections -------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL")}
# A socket folder may be given percent-encoded as the host (postgres://user@%2Fpath/db).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"])
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection is checked before a request reuses it, so the web process and
# the worker reconnect by themselves after PostgreSQL restarts.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A server that does not answer fails the request in seconds (503, config/error_pages.py)
# rather than holding it until the proxy gives up.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and result backend ---------------------------------
REDIS_URL = env.str("REDIS_URL")
CACHES = {
    "default": {
        # Answers as an empty cache while Redis is down, so pages keep working.
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="kindred"),
        # A Redis that is down must cost a request milliseconds, not seconds.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def _celery_url(redis_url: str) -> str:
    # redis-py spells a socket "unix://"; Celery's transport wants "redis+socket://".
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


CELERY_BROKER_URL = _celery_url(env.str("CELERY_BROKER_URL", default=REDIS_URL))
CELERY_RESULT_BACKEND = _celery_url(env.str("CELERY_RESULT_BACKEND", default=REDIS_URL))
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_DEFAULT_QUEUE = "kindred"
# A task is acknowledged when it ends (ACKS_LATE): a worker process that dies mid-task
# has its task put back by the worker (REJECT_ON_WORKER_LOST), and a whole worker that
# dies leaves it unacknowledged in Redis, which hands it out again this many seconds
# after it was taken. Longer than the hard time limit plus a retry's wait, so that no
# live task is handed out twice; well under Redis's default hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 300
    ),
    # Sending a task (core.broker.enqueue) tries the broker once: with Redis down, kombu's
    # default of retrying for the connect timeout held each request for 6 seconds, though
    # the work waits in the outbox anyway. The worker's own connection retries as before
    # (CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP and its reconnect loop).
    "max_retries": 0,
}
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "var" / "celerybeat-schedule")
)
# Beat runs every periodic job from this one table (see config/celery.py).
REMINDER_INTERVAL_SECONDS = env.int("REMINDER_INTERVAL_SECONDS", default=900)

# --- Public comments: how long the writer's personal data is kept (UK GDPR) -------------
# A comment's email address is needed only to confirm it and, for a while, to reach its
# writer about it. The confirmation link works for 3 days; a comment never confirmed is
# deleted, address and all, this many days after it was sent (a margin past the link).
PUBLIC_COMMENT_UNCONFIRMED_DAYS = env.int("PUBLIC_COMMENT_UNCONFIRMED_DAYS", default=7)
# A confirmed comment's email address is erased this many days after confirmation: long
# enough to moderate it and to answer a question or complaint about it. The comment and
# its display name stay. The writer can withdraw sooner, at any time, by the emailed link.
PUBLIC_COMMENT_EMAIL_DAYS = env.int("PUBLIC_COMMENT_EMAIL_DAYS", default=90)
if PUBLIC_COMMENT_UNCONFIRMED_DAYS < 3:
    raise ImproperlyConfigured(
        "PUBLIC_COMMENT_UNCONFIRMED_DAYS must be at least 3, the days a confirmation link works."
    )
if PUBLIC_COMMENT_EMAIL_DAYS < 0:
    raise ImproperlyConfigured("PUBLIC_COMMENT_EMAIL_DAYS cannot be negative.")

# --- Read API (api/): Django REST framework, OpenAPI schema by drf-spectacular ----------
# Read-only JSON. Anyone may read public records; an organisation's own records need one
# of its API tokens (api/authentication.py). No sessions: a signed-in browser is no
# different from anyone else here, so no request to the API can act with a person's
# powers, and CSRF does not arise. Rate limits count in the cache (Redis); the rates are
# per minute, per address for anonymous requests and per token otherwise.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.OrganisationTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousRateThrottle",
        "api.throttling.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env.str("KINDRED_API_ANONYMOUS_RATE", default="60/minute"),
        "token": env.str("KINDRED_API_TOKEN_RATE", default="300/minute"),
    },
    # Behind one reverse proxy set this to 1, so that the address counted is the client's
    # (the last one the proxy added to X-Forwarded-For), not one the client made up.
    "NUM_PROXIES": env.int("KINDRED_API_PROXIES", default=0),
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kindred read API",
    "DESCRIPTION": (
        "Read-only access to what councils publish in Kindred: open opportunities, "
        "contracts, missions and their outcomes. An organisation's own records (its "
        "tenders including drafts, its contracts and its commissions) need one of its API "
        "tokens, sent as `Authorization: Bearer <token>`. Lists are paginated "
        "(`?page=`, `?page_size=` up to 100). Rate limits: anonymous requests "
        f"{REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anonymous']} per address, requests with "
        f"a token {REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['token']} per token; past the "
        "limit the answer is 429 with a Retry-After header. Data published under the Open "
        "Government Licence v3.0."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from the public validator: the page loads nothing from elsewhere.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    "ENUM_NAME_OVERRIDES": {
        "TenderStatusEnum": "procurement.models.TenderStatus",
        "ContractStatusEnum": "contracts.models.ContractStatus",
        "CommissionStatusEnum": "commissioning.models.CommissionStatus",
        "MissionStatusEnum": "commissioning.models.MissionStatus",
    },
}

# --- Auth: email login with django-allauth, TOTP MFA ---------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kindred] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# GOV.UK labels (sentence case, no placeholders) on allauth's forms.
ACCOUNT_FORMS = {
    "login": "accounts.forms.SignInForm",
    "signup": "accounts.forms.SignUpForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
}
MFA_FORMS = {
    "authenticate": "accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "accounts.forms.MFAReauthenticateForm",
    "activate_totp": "accounts.forms.ActivateTOTPForm",
}
MFA_TOTP_ISSUER = "Kindred"
# Buyer-side staff must set up an authenticator app before using the service.
KINDRED_REQUIRE_STAFF_MFA = env.bool("KINDRED_REQUIRE_STAFF_MFA", default=not DEBUG)
# Sign-in limits (allauth keeps the counts in the cache). Five wrong passwords for one
# email address within 15 minutes lock that address out until the oldest expires, even
# with the right password; the same limit counts wrong security codes per person.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "reauthenticate": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
# Django admin at /admin/: off in production unless switched on. It signs in through the
# same allauth page, and staff need a second factor in the session (accounts/middleware.py).
KINDRED_ADMIN_ENABLED = env.bool("KINDRED_ADMIN_ENABLED", default=DEBUG)

# --- Email ---------------------------------------------------------------------------
EMAIL_BACKEND_PATH = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
_MAILER_OPTIONS = {
    "django.core.mail.backends.smtp.EmailBackend": {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=25),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=False),
    },
    "django.core.mail.backends.filebased.EmailBackend": {
        "file_path": env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail")),
    },
}
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": _MAILER_OPTIONS.get(EMAIL_BACKEND_PATH, {}),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kindred <noreply@kindred.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Static and media ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
GOVUK_FRONTEND_DIR = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
STATICFILES_DIRS = [BASE_DIR / "static", ("govuk", GOVUK_FRONTEND_DIR)]
# GOV.UK Frontend's CSS asks for its fonts and images at /assets/…: serve them there.
WHITENOISE_ROOT = GOVUK_FRONTEND_DIR
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    # Media holds bids, evidence and reports: private, served only through
    # permission-checked views, never by URL.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
KINDRED_MAX_UPLOAD_BYTES = env.int("KINDRED_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)

# --- Open data (OCDS) ---------------------------------------------------------------
# The installation's OCID prefix, registered with the Open Contracting Partnership
# ("ocds-" and six letters or digits). Every contracting process Kindred publishes is
# identified as PREFIX-tender-N (or -contract-N, -engagement-N) for ever after.
KINDRED_OCID_PREFIX = env.str("KINDRED_OCID_PREFIX", default="ocds-kndred")
if not re.fullmatch(r"ocds-[a-z0-9]{6}", KINDRED_OCID_PREFIX):
    raise ImproperlyConfigured(
        f"KINDRED_OCID_PREFIX must be 'ocds-' and six letters or digits, not {KINDRED_OCID_PREFIX!r}"
    )
# The publisher named in every OCDS package: the organisation running the installation.
KINDRED_OCDS_PUBLISHER = env.str("KINDRED_OCDS_PUBLISHER", default="Kindred")
# A name for this release (a commit or tag), optional: added to the digest of what draws
# pages (core/release.py), which already changes with any template, code or library.
KINDRED_RELEASE = env.str("KINDRED_RELEASE", default="")

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Security ------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content Security Policy on every response (Django's own middleware). Everything comes
# from Kindred itself; the only inline scripts are those in templates/base.html, which
# carry the request's nonce (`{% csp_nonce_attr %}`). No inline styles: htmx's indicator
# style is switched off in base.html and its rules live in static/kindred/kindred.css.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # data: for the authenticator app's QR code, which allauth sends as a data: URI.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Health checks come from inside the network, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
