"""Settings for the test suite: config.settings with test-friendly values.

pyproject.toml selects this module for pytest, so plain `pytest` and `./kindred test`
run the same settings; only DATABASE_URL and REDIS_URL come from the environment.
Tests run the production code paths (DEBUG off) over plain HTTP.
"""

import os
from pathlib import Path

_VAR_DIR = Path(__file__).resolve().parent.parent / "var"
# pytest-xdist runs the suite in several processes (gw0, gw1, …); each has its own test
# database already, and gets its own files here ("main" without xdist).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")

# Read while config.settings loads (SECRET_KEY has no default; the media storage is
# built from MEDIA_ROOT), so they are set before the import.
os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("MEDIA_ROOT", str(_VAR_DIR / "test-media" / _WORKER))
# Playwright's sync API runs an event loop beside the tests' synchronous ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from config.settings import *  # noqa: E402, F403
from config.settings import STORAGES  # noqa: E402

ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Tests that are about staff MFA turn it on themselves.
KINDRED_REQUIRE_STAFF_MFA = False
# Every person a test makes gets a password, and the demo has dozens; the production
# hasher is slow on purpose (about a second each on this machine's cores).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# allauth counts sign-in attempts per address, and browser journeys sign in from one
# address many times a minute; tests of the limits (tests/accounts) turn them back on.
ACCOUNT_RATE_LIMITS = False
CELERY_BEAT_SCHEDULE_FILENAME = str(_VAR_DIR / f"test-celerybeat-schedule-{_WORKER}")
# The cache lives in each test process. In Redis it would share a database with the
# Celery broker and with the other xdist processes, and a test that empties the cache
# (allauth's sign-in counts, tests/accounts `fresh_cache`) would empty theirs too,
# queued tasks included. Nothing needs the cache shared between processes: the live
# server and the test Celery worker are threads of the test process. Tests of Redis
# itself (tests/config/test_health.py) point the cache back at it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"kindred-tests-{_WORKER}",
    }
}

# No collectstatic step: templates name the source files, not hashed copies.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise otherwise indexes every static file (~1,850) each time a test client
# starts, which took nearly half the suite's time. The live server's own static handler
# serves /static/ from the finders; autorefresh finds GOV.UK Frontend's /assets/…
# (WHITENOISE_ROOT) per request instead of indexing the folder up front.
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = True

# The read API's rate limits count per address, and every test request comes from one;
# tests of the limits (tests/api) set low rates of their own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/minute", "token": "100000/minute"},
}
