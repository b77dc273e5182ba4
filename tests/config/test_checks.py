"""Django's own deployment checks pass with production settings, and models match migrations."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _production_environment() -> dict[str, str]:
    # Only what a production host sets: every other setting takes its production default,
    # not the test-friendly overrides this test run itself uses.
    environment = {
        name: os.environ[name]
        for name in ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL")
        if name in os.environ
    }
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kindred.example.org",
        CSRF_TRUSTED_ORIGINS="https://kindred.example.org",
        SITE_URL="https://kindred.example.org",
    )
    return environment


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_production_environment(),
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
