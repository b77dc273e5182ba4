"""Beat running twice (two schedulers started by mistake): every periodic job is sent twice
at the same moment, and two workers run the copies side by side. Reminders still go once.

What makes it true: every reminder is a notification with a unique key (a second insert
of the same key fails in the database, and notification_send then sends nothing); each
email is sent under a lock on its notification, which records that it went; the jobs
that move records (standstill ending) lock the rows they move and pass over rows the
other run holds.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.db import connections, transaction
from django.utils import timezone

from accounts.models import Notification
from config.celery import app as celery_app
from contracts.models import ContractStatus
from procurement import award
from procurement.models import Tender, TenderStatus
from tests.contracts.factories import CheckInFactory, ContractFactory
from tests.procurement.factories import BidFactory
from tests.reports.factories import make_tender

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    # Each run's emails are sent by its own thread as its notifications commit.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False


def _beat_jobs() -> list[Callable[[], Any]]:
    from accounts.tasks import send_unsent_emails
    from contracts.tasks import send_reminders
    from procurement.tasks import end_standstill_periods, send_deadline_reminders

    return [send_deadline_reminders, end_standstill_periods, send_reminders, send_unsent_emails]


def _run_side_by_side(runs: int) -> list[BaseException]:
    """Run every beat job `runs` times at once, each run in a thread of its own (its own
    database connection, as a second worker would have)."""
    start = threading.Barrier(runs)
    errors: list[BaseException] = []

    def one_beat() -> None:
        try:
            start.wait()
            for job in _beat_jobs():
                job()
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_beat) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_beats_at_once_send_each_reminder_once(
    eager_tasks, council, commissioner, contract_manager, supplier_org, supplier_user
):
    today = timezone.localdate()
    closing = make_tender(
        council,
        created_by=commissioner,
        submission_deadline=timezone.now() + datetime.timedelta(days=2),
    )
    BidFactory(tender=closing, supplier=supplier_org)
    standstill = make_tender(council, created_by=commissioner, title="Meals on wheels")
    Tender.objects.filter(pk=standstill.pk).update(
        status=TenderStatus.STANDSTILL, standstill_ends_on=today - datetime.timedelta(days=1)
    )
    contract = ContractFactory(
        organisation=council,
        provider=supplier_org,
        contract_manager=contract_manager,
        status=ContractStatus.ACTIVE,
        end_date=today + datetime.timedelta(days=700),
    )
    CheckInFactory(contract=contract, held_on=today + datetime.timedelta(days=7))

    assert _run_side_by_side(runs=2) == []
    # And once more, as the next minute's beat would.
    assert _run_side_by_side(runs=2) == []

    keys = sorted(Notification.objects.values_list("key", flat=True))
    assert keys == sorted(
        [
            f"tender-deadline-3d:{closing.pk}:{supplier_user.pk}",
            f"tender-deadline-3d:{closing.pk}:{commissioner.pk}",
            f"standstill-ended:{standstill.pk}:{commissioner.pk}",
            *(
                f"checkin-due:{checkin_pk}:7:{person.pk}"
                for checkin_pk in contract.checkins.values_list("pk", flat=True)
                for person in (contract_manager, supplier_user)
            ),
        ]
    )
    assert Tender.objects.get(pk=standstill.pk).status == TenderStatus.READY_TO_AWARD
    emails = Counter((message.to[0], message.subject) for message in mail.outbox)
    assert len(emails) == len(keys)
    assert set(emails.values()) == {1}


def test_a_standstill_another_run_holds_is_passed_over_not_an_error(council, commissioner):
    today = timezone.localdate()
    tender = make_tender(council, created_by=commissioner)
    Tender.objects.filter(pk=tender.pk).update(
        status=TenderStatus.STANDSTILL, standstill_ends_on=today - datetime.timedelta(days=1)
    )
    other_run_holds_it = threading.Event()
    other_run_may_finish = threading.Event()

    def other_run() -> None:
        try:
            with transaction.atomic():
                Tender.objects.select_for_update().get(pk=tender.pk)
                other_run_holds_it.set()
                other_run_may_finish.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=other_run)
    holder.start()
    try:
        assert other_run_holds_it.wait(timeout=30)
        assert award.standstill_ends_process(now=timezone.now()) == 0
    finally:
        other_run_may_finish.set()
        holder.join(timeout=30)
    assert award.standstill_ends_process(now=timezone.now()) == 1
    assert award.standstill_ends_process(now=timezone.now()) == 0
