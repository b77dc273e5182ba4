from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from procurement.tasks import send_deadline_reminders
from tests.procurement.factories import BidFactory, PublishedTenderFactory


def _tender_closing_soon(council, commissioner, supplier_org):
    tender = PublishedTenderFactory(
        organisation=council,
        created_by=commissioner,
        submission_deadline=timezone.now() + datetime.timedelta(days=2),
    )
    BidFactory(tender=tender, supplier=supplier_org)
    return tender


@pytest.mark.django_db
def test_reminder_task_runs_the_service(council, commissioner, supplier_org, supplier_user):
    _tender_closing_soon(council, commissioner, supplier_org)
    assert send_deadline_reminders.apply().get() == 2
    assert send_deadline_reminders.apply().get() == 0


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_reminders_on_a_real_worker_notify_and_email_each_person_once(
    celery_worker, council, commissioner, supplier_org, supplier_user
):
    tender = _tender_closing_soon(council, commissioner, supplier_org)

    assert send_deadline_reminders.delay().get(timeout=30) == 2
    # The emails are queued on commit of the first run, so the worker (one message at a
    # time) has sent them by the time it finishes this second run.
    assert send_deadline_reminders.delay().get(timeout=30) == 0

    for person in (commissioner, supplier_user):
        assert (
            Notification.objects.filter(
                recipient=person, key=f"tender-deadline-3d:{tender.pk}:{person.pk}"
            ).count()
            == 1
        )
        assert [m.to for m in mail.outbox].count([person.email]) == 1
