"""PostgreSQL restarted, for real: a PostgreSQL of the test's own (pgserver) is stopped and
started under a running web process (gunicorn) and a running Celery worker, both of the
test's own. Neither is restarted: each reconnects by itself (CONN_HEALTH_CHECKS). A request
in flight when the server goes, and one made while it is away, get the GOV.UK "service
unavailable" page (503) within seconds, not a hang.

Every wait is on the real state it waits for (the web process answering, the worker
consuming its queue, the request waiting on a lock, the worker's email recorded), with
time limits that only a hang would reach, so a busy machine makes the test slower, not
failed; the one timing asserted, how soon the error page comes, is counted from the
moment the server goes (or the request is made), against the connect timeout.

The test's own ORM is pointed at the same server (a copy of the test database) for its
length, so that it can make the records the processes read. The machine's PostgreSQL is
never stopped.
"""

from __future__ import annotations

import shutil
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections

from accounts.models import Notification
from accounts.services import notification_send
from dialogue.models import OpportunityIndex
from tests.factories import UserFactory
from tests.faults import OwnPostgres, WebProcess, WorkerProcess, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _page(web: WebProcess) -> str:
    """The opportunities page, searching for words no earlier request used: the page keeps
    each search it draws (dialogue/search_page.py), and a search drawn before would be
    answered without asking the database at all."""
    return f"{web.url}/opportunities/?q=allotments+{uuid.uuid4().hex}"


@pytest.fixture
def own_postgres(transactional_db: Any, server_tmp_path: Path) -> Iterator[OwnPostgres]:
    """A PostgreSQL of the test's own holding a copy of the test database, with this
    process's ORM pointed at it until the test ends (and back at the test database before
    pytest-django empties it). Its data is not under pytest's own temporary folder: see
    `server_tmp_path` in tests/conftest.py."""
    postgres = OwnPostgres(server_tmp_path / "pgdata")
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
        shutil.rmtree(server_tmp_path, ignore_errors=True)


# The web process has the same settings: an unreachable server fails a request within
# this many seconds (DATABASE_CONNECT_TIMEOUT).
CONNECT_TIMEOUT = settings.DATABASES["default"]["OPTIONS"]["connect_timeout"]


@dataclass
class Answer:
    status: int
    html: str
    answered_at: float  # time.monotonic()


def _get(url: str) -> Answer:
    """One GET, errors included. The timeout is far longer than any answer may take: a
    hang shows as a failed assertion on the time taken, not as this timeout."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
            return Answer(response.status, response.read().decode(), time.monotonic())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode(), time.monotonic())


def _assert_service_unavailable(answer: Answer, *, since: float) -> None:
    """The GOV.UK "service unavailable" page, answered within the connect timeout (and a
    second for the page itself) of `since`: the moment the server started going away,
    or the request was made while it was away."""
    assert answer.status == 503, answer.html[:500]
    assert '<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>' in answer.html
    assert "govuk-template" in answer.html
    seconds = answer.answered_at - since
    assert seconds < CONNECT_TIMEOUT + 1, f"the error page took {seconds:.1f} seconds"


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
        # Both take seconds to start (many more on a busy machine): wait for each to be
        # ready, so that the waits below time only what they are about.
        web.wait_until_serving()
        worker.wait_until_ready()
        assert _get(_page(web)).status == 200
        emailed_by_the_worker("before the restart")

        # Restarted while both are idle: their open connections are dead.
        own_postgres.stop()
        own_postgres.start()
        connections.close_all()
        assert _get(_page(web)).status == 200
        emailed_by_the_worker("after the restart")

        # A request in flight (waiting on a lock) when the server stops.
        table = OpportunityIndex._meta.db_table
        held = psycopg.connect(own_postgres.url("kindred"))
        held.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        in_flight: list[Answer] = []
        request = threading.Thread(target=lambda: in_flight.append(_get(_page(web))))
        request.start()
        # Watched from a connection of its own, in autocommit: pg_stat_activity, read
        # inside one transaction (the one holding the lock), keeps listing the sessions it
        # first saw, so a request on a connection the web process opens afterwards never
        # shows there as waiting (the test then failed after 30 seconds).
        observer = psycopg.connect(own_postgres.url("kindred"), autocommit=True)
        wait_until(
            lambda: observer.execute(
                "SELECT count(*) FROM pg_locks WHERE relation = %s::regclass AND NOT granted",
                [table],
            ).fetchone()[0],
            "the request to wait on the lock",
        )
        observer.close()
        stopping = time.monotonic()
        own_postgres.stop()
        request.join(timeout=60)
        held.close()
        assert in_flight, "the request in flight got no answer"
        _assert_service_unavailable(in_flight[0], since=stopping)

        # While the server is away, every request gets the same page, quickly.
        asked = time.monotonic()
        _assert_service_unavailable(_get(_page(web)), since=asked)

        # Back: both carry on, with no restart of their own.
        own_postgres.start()
        connections.close_all()
        assert _get(_page(web)).status == 200
        emailed_by_the_worker("after the outage")
        assert web.process.poll() is None
        assert worker.process.poll() is None
    finally:
        web.stop()
        worker.stop()
