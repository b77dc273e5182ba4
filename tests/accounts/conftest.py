from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def eager_tasks() -> Any:
    """Run Celery tasks in-process, so on_commit follow-ups can be checked synchronously."""
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


@pytest.fixture
def fresh_cache() -> Any:
    """An empty cache before and after: allauth keeps sign-in attempt counts and used
    security codes there, and they outlive a test."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()
