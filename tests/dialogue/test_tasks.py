"""The dialogue reminder jobs on a real Celery worker: each reminder once, however often
the beat runs them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from dialogue.models import Clarification, MeetingSlot
from dialogue.tasks import send_clarification_reminders, send_round_reminders
from tests.dialogue.factories import ClarificationFactory, DialogueRoundFactory
from tests.procurement.factories import TenderFactory, TenderParticipantFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _emails_to(person: Any) -> int:
    return [message.to for message in mail.outbox].count([person.email])


def test_an_unanswered_clarification_reminds_the_commissioner_once(
    celery_worker: Any, council: Any, commissioner: Any, supplier_org: Any
) -> None:
    tender = TenderFactory(organisation=council, status="published", created_by=commissioner)
    clarification = ClarificationFactory(tender=tender, supplier=supplier_org)
    # Ten calendar days always hold more than two UK working days.
    Clarification.objects.filter(pk=clarification.pk).update(
        asked_at=timezone.now() - datetime.timedelta(days=10)
    )

    assert send_clarification_reminders.delay().get(timeout=30) == 1
    assert send_clarification_reminders.delay().get(timeout=30) == 0

    assert (
        Notification.objects.filter(
            recipient=commissioner,
            key=f"clarification-overdue:{clarification.pk}:{commissioner.pk}",
        ).count()
        == 1
    )
    assert _emails_to(commissioner) == 1


def test_round_deadline_and_meeting_reminders_are_sent_once(
    celery_worker: Any, council: Any, commissioner: Any, supplier_org: Any, supplier_user: Any
) -> None:
    now = timezone.now()
    tender = TenderFactory(
        organisation=council,
        status="dialogue",
        procedure="competitive_flexible",
        created_by=commissioner,
    )
    TenderParticipantFactory(tender=tender, supplier=supplier_org)
    dialogue_round = DialogueRoundFactory(
        tender=tender,
        status="open",
        meetings_from=now.date(),
        meetings_to=(now + datetime.timedelta(days=1)).date(),
        outline_deadline=now + datetime.timedelta(days=2),
    )
    dialogue_round.invited.add(supplier_org)
    MeetingSlot.objects.create(
        round=dialogue_round,
        starts_at=now + datetime.timedelta(hours=20),
        ends_at=now + datetime.timedelta(hours=21),
        location="Room 2, Northbridge Town Hall",
        booked_by_supplier=supplier_org,
        booked_by=supplier_user,
        booked_at=now,
    )

    # The 3-day outline reminder to the bidder, and the meeting reminder to the bidder
    # who booked it and to the tender's commissioner.
    assert send_round_reminders.delay().get(timeout=30) == 3
    assert send_round_reminders.delay().get(timeout=30) == 0

    keys = set(Notification.objects.values_list("key", flat=True))
    assert f"round-outline-3d:{dialogue_round.pk}:{supplier_user.pk}" in keys
    assert _emails_to(supplier_user) == 2
    assert _emails_to(commissioner) == 1
