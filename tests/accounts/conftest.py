from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # These tests create hundreds of people; a slow hash adds nothing to what they check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Any) -> None:
    # allauth counts attempts in the shared cache, which outlives a test run: a rerun
    # within minutes would otherwise be refused a confirmation email or a sign-in.
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def eager_tasks() -> Any:
    """Run Celery tasks in-process, so on_commit follow-ups can be checked synchronously."""
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False
