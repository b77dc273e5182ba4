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
