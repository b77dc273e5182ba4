"""Settings for the page benchmark: production settings served over plain HTTP on
loopback, with the bare comparison views mounted beside the real pages."""

import warnings

from config.settings import *  # noqa: F403

# Static files are served from their sources here; there is no collected folder.
warnings.filterwarnings("ignore", message="No directory at")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "benchmarks.urls"
KINDRED_REQUIRE_STAFF_MFA = False
# Requests are counted by the load tool; one log line each would cost more than the page.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# No collectstatic step: pages name the source files (whitenoise serves them by finders).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
