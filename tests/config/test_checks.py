"""Django's own deployment checks pass with production settings, models match migrations,
and the test settings need nothing from the environment but the service URLs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from config.devstack import production_environment

ROOT = Path(__file__).resolve().parents[2]


def _service_environment() -> dict[str, str]:
    return {
        name: os.environ[name]
        for name in ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL")
        if name in os.environ
    }


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # The same environment as `./kindred check`, which CI runs.
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_models_and_migrations_agree() -> None:
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_this_run_uses_the_test_settings() -> None:
    """pyproject.toml selects them with --ds, so neither plain `pytest` nor `./kindred test`
    (whose own process sets DJANGO_SETTINGS_MODULE=config.settings) runs the tests
    against production settings."""
    # pytest-django records the module it loaded here.
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings_test"


def test_the_test_settings_need_only_the_service_urls() -> None:
    """Plain HTTP, the test client's host allowed, staff MFA left to the tests about it."""
    read = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.KINDRED_REQUIRE_STAFF_MFA,"
        " 'testserver' in s.ALLOWED_HOSTS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", read],
        cwd=ROOT,
        env={**_service_environment(), "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "False", "True"]
