"""PostgreSQL restarted, for real: a PostgreSQL of the test's own (pgserver) is stopped and
started under a running web process (gunicorn) and a running Celery worker, both of the
test's own. Neither is restarted: each reconnects by itself (CONN_HEALTH_CHECKS). A request
in flight when the server goes, and one made while it is away, get the GOV.UK "service
unavailable" page (503) within seconds, not a hang.

The test's own ORM is pointed at the same server (a copy of the test database) for its
length, so that it can make the records the processes read. The machine's PostgreSQL is
never stopped.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection, connections

from accounts.models import Notification
from accounts.services import notification_send
from dialogue.models import OpportunityIndex
from tests.factories import UserFactory
from tests.faults import OwnPostgres, WebProcess, WorkerProcess, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PAGE = "/opportunities/"


@pytest.fixture
def own_postgres(
    transactional_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[OwnPostgres]:
    """A PostgreSQL of the test's own holding a copy of the test database, with this
    process's ORM pointed at it until the test ends (and back at the test database before
    pytest-django empties it)."""
    runtime_dir = tmp_path / "run"
    runtime_dir.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))
    # Not under pytest's own temporary folder: the server runs as another user (pgserver's,
    # when tests run as root), and every pytest process that starts takes the other users'
    # access to /tmp/pytest-of-<user> away again.
    data_parent = Path(tempfile.mkdtemp(prefix="kindred-fault-postgres-"))
    postgres = OwnPostgres(data_parent / "pgdata")
    # Every thread's connection is made from this one dict of settings.
    settings_dict = connection.settings_dict
    saved = {key: settings_dict[key] for key in ("HOST", "PORT", "NAME", "USER", "PASSWORD")}
    try:
        postgres.start()
        postgres.copy_database(settings_dict, "kindred")
        connections.close_all()
        settings_dict.update(
            HOST=postgres.socket_dir, PORT="", NAME="kindred", USER="postgres", PASSWORD=""
        )
        yield postgres
    finally:
        connections.close_all()
        settings_dict.update(saved)
        postgres.stop()
        shutil.rmtree(data_parent, ignore_errors=True)


def _get(url: str) -> tuple[int, str, float]:
    """Status, body and seconds taken for one GET, errors included."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started


def _assert_service_unavailable(status: int, html: str, seconds: float) -> None:
    assert status == 503, html[:500]
    assert '<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>' in html
    assert "govuk-template" in html
    assert seconds < 6, f"the error page took {seconds:.1f} seconds"


def test_web_and_worker_outlive_a_postgresql_restart(own_postgres, own_redis, tmp_path):
    database = own_postgres.url("kindred")
    web = WebProcess(database=database).start()
    worker = WorkerProcess(
        database=database,
        broker=own_redis.url,
        media_root=tmp_path / "media",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ).start()
    person = UserFactory()

    def emailed_by_the_worker(key: str) -> None:
        # Made here, sent to the worker on commit; the worker records that it emailed.
        notification = notification_send(recipient=person, key=key, subject="Hello", body="Hi")
        wait_until(
            lambda: Notification.objects.get(pk=notification.pk).emailed_at,
            f"the worker to email {key}",
        )

    try:
        web.wait_until_listening()
        assert _get(web.url + PAGE)[0] == 200
        emailed_by_the_worker("before the restart")

        # Restarted while both are idle: their open connections are dead.
        own_postgres.stop()
        own_postgres.start()
        connections.close_all()
        assert _get(web.url + PAGE)[0] == 200
        emailed_by_the_worker("after the restart")

        # A request in flight (waiting on a lock) when the server stops.
        held = psycopg.connect(own_postgres.url("kindred"))
        held.execute(f"LOCK TABLE {OpportunityIndex._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        in_flight: list[tuple[int, str, float]] = []
        request = threading.Thread(target=lambda: in_flight.append(_get(web.url + PAGE)))
        request.start()
        wait_until(
            lambda: held.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            ).fetchone()[0],
            "the request to wait on the lock",
        )
        own_postgres.stop()
        request.join(timeout=30)
        held.close()
        _assert_service_unavailable(*in_flight[0])

        # While the server is away, every request gets the same page, quickly.
        _assert_service_unavailable(*_get(web.url + PAGE))

        # Back: both carry on, with no restart of their own.
        own_postgres.start()
        connections.close_all()
        assert _get(web.url + PAGE)[0] == 200
        emailed_by_the_worker("after the outage")
        assert web.process.poll() is None
        assert worker.process.poll() is None
    finally:
        web.stop()
        worker.stop()
