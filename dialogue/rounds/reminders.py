"""Reminders for dialogue rounds, sent by the beat (task dialogue.send_round_reminders).

Each reminder has its own notification key, so however often the job runs, each person
hears about each deadline stage and each meeting once.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from accounts import permissions
from accounts.models import User
from accounts.services import notification_send
from core.formatting import uk_datetime
from dialogue.models import DialogueRound, MeetingSlot, RoundStatus
from dialogue.rounds.services import round_url
from procurement.selectors import participations_in_process

DAY = datetime.timedelta(days=1)
# The outline deadline stages, nearest first: a run that finds a deadline 20 hours away
# sends only the 1-day reminder, not a late 3-day one as well.
OUTLINE_STAGES = (("1d", DAY, "1 day"), ("3d", 3 * DAY, "3 days"))


@transaction.atomic
def round_reminders_send(*, now: datetime.datetime) -> int:
    """Remind bidders of outline deadlines 3 days and 1 day before (only those invited,
    still taking part and not yet submitted), and remind the booker and the tender's
    creator of a booked meeting the day before. Returns how many were sent."""
    return _outline_reminders(now) + _meeting_reminders(now)


def _active_participants(tender_ids: set[int]) -> set[tuple[int, int]]:
    """(tender id, supplier id) for every supplier still taking part, in one query."""
    return set(
        participations_in_process()
        .filter(tender_id__in=tender_ids)
        .values_list("tender_id", "supplier_id")
    )


def _outline_reminders(now: datetime.datetime) -> int:
    rounds = (
        DialogueRound.objects.filter(
            status=RoundStatus.OPEN,
            outline_deadline__gt=now,
            outline_deadline__lte=now + OUTLINE_STAGES[-1][1],
        )
        .select_related("tender")
        .prefetch_related("invited__memberships__user", "outlines")
    )
    rounds = list(rounds)
    active_pairs = _active_participants({dialogue_round.tender_id for dialogue_round in rounds})
    sent = 0
    for dialogue_round in rounds:
        tender = dialogue_round.tender
        left = dialogue_round.outline_deadline - now
        stage, _, label = next(stage for stage in OUTLINE_STAGES if left <= stage[1])
        active = {supplier for tender_id, supplier in active_pairs if tender_id == tender.pk}
        submitted = {
            outline.supplier_id
            for outline in dialogue_round.outlines.all()
            if outline.submitted_at is not None
        }
        for supplier in dialogue_round.invited.all():
            if supplier.pk not in active or supplier.pk in submitted:
                continue
            for membership in supplier.memberships.all():
                if (
                    membership.role not in permissions.SUPPLIER_ACTORS
                    or not membership.user.is_active
                ):
                    continue
                notification = notification_send(
                    recipient=membership.user,
                    key=f"round-outline-{stage}:{dialogue_round.pk}:{membership.user_id}",
                    subject=f"{label} left to send your outline for {tender.title}",
                    body=(
                        f"{supplier}'s outline solution for round {dialogue_round.number}, "
                        f"“{dialogue_round.title}”, has not been submitted. The deadline is "
                        f"{uk_datetime(dialogue_round.outline_deadline)}."
                    ),
                    url=round_url(dialogue_round),
                )
                sent += notification is not None
    return sent


def _meeting_reminders(now: datetime.datetime) -> int:
    slots = MeetingSlot.objects.filter(
        round__status=RoundStatus.OPEN,
        booked_by_supplier__isnull=False,
        starts_at__gt=now,
        starts_at__lte=now + DAY,
    ).select_related(
        "round__tender__created_by",
        "round__tender__organisation",
        "booked_by",
        "booked_by_supplier",
    )
    slots = list(slots)
    active_pairs = _active_participants({slot.round.tender_id for slot in slots})
    sent = 0
    for slot in slots:
        dialogue_round, tender = slot.round, slot.round.tender
        if (tender.pk, slot.booked_by_supplier_id) not in active_pairs:
            continue
        recipients: dict[int, User] = {}
        if slot.booked_by is not None and slot.booked_by.is_active:
            recipients[slot.booked_by.pk] = slot.booked_by
        if tender.created_by is not None:
            recipients.setdefault(tender.created_by.pk, tender.created_by)
        for person in recipients.values():
            notification = notification_send(
                recipient=person,
                # The supplier is part of the key: if the slot is cancelled and booked by
                # another bidder, that meeting gets its own reminder.
                key=f"round-meeting-1d:{slot.pk}:{slot.booked_by_supplier_id}:{person.pk}",
                subject=f"Dialogue meeting tomorrow: {tender.title}",
                body=(
                    f"{slot.booked_by_supplier} meets {tender.organisation} for round "
                    f"{dialogue_round.number}, “{dialogue_round.title}”, on "
                    f"{uk_datetime(slot.starts_at)} at {slot.location}."
                ),
                url=round_url(dialogue_round),
            )
            sent += notification is not None
    return sent
