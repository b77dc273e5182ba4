"""Reads for dialogue rounds: what the buyer sees of every bidder, and what one bidder
sees of its own part."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from accounts import permissions
from accounts.models import Organisation, User
from commissioning.models import Requirement
from dialogue.models import (
    DialogueRound,
    MeetingSlot,
    OutlineSubmission,
    RoundFeedback,
    RoundStatus,
)
from procurement.models import Tender
from procurement.selectors import participations_in_process


def round_get(pk: int) -> DialogueRound | None:
    return (
        DialogueRound.objects.select_related(
            "tender__organisation", "tender__specification_version", "issued_version", "closed_by"
        )
        .filter(pk=pk)
        .first()
    )


def rounds_for_tender(*, tender: Tender, user: User) -> list[DialogueRound]:
    """Every round for the council; for a bidder, the open and closed rounds its
    suppliers are invited to."""
    rounds = tender.dialogue_rounds.annotate(
        slot_count=Count("slots", distinct=True),
        outline_count=Count(
            "outlines", filter=Q(outlines__submitted_at__isnull=False), distinct=True
        ),
    ).select_related("issued_version")
    if is_council(user=user, tender=tender):
        return list(rounds)
    supplier_ids = permissions.supplier_ids_of(user)
    return list(
        rounds.exclude(status=RoundStatus.PLANNED).filter(invited__in=supplier_ids).distinct()
    )


def is_council(*, user: User, tender: Tender) -> bool:
    """Works for the buyer (staff or viewer), so sees every round of its tenders."""
    return permissions.buyer_role(user, tender.organisation_id, *permissions.COUNCIL_READERS)


def bidder_for(*, dialogue_round: DialogueRound, user: User) -> Organisation | None:
    """The invited supplier this person acts for in the round, if any (the first one when
    they act for several)."""
    ids = permissions.supplier_ids_of(user, *permissions.SUPPLIER_ACTORS)
    if not ids:
        return None
    return dialogue_round.invited.filter(pk__in=ids).order_by("pk").first()


def is_active_participant(*, tender: Tender, supplier: Organisation) -> bool:
    return participations_in_process().filter(tender=tender, supplier=supplier).exists()


def round_topics(dialogue_round: DialogueRound) -> list[Requirement]:
    return list(
        dialogue_round.topics.select_related("section").order_by(
            "section__position", "position", "pk"
        )
    )


@dataclass
class BidderRow:
    """One invited bidder as the buyer sees them on the round page."""

    supplier: Organisation
    active: bool
    slot: MeetingSlot | None = None
    outline: OutlineSubmission | None = None
    feedback: RoundFeedback | None = None


@dataclass
class BuyerRoundView:
    topics: list[Requirement]
    slots: list[MeetingSlot]
    bidders: list[BidderRow] = field(default_factory=list)


def round_for_buyer(dialogue_round: DialogueRound) -> BuyerRoundView:
    """The round page for the buyer: topics, slots with bookings and, per invited bidder,
    their meeting, whether their outline is submitted (drafts are never shown) and their
    feedback. A fixed number of queries however many bidders there are."""
    slots = list(
        dialogue_round.slots.select_related("booked_by_supplier", "booked_by").order_by(
            "starts_at", "pk"
        )
    )
    outlines = {
        outline.supplier_id: outline
        for outline in dialogue_round.outlines.filter(submitted_at__isnull=False).only(
            "pk", "round_id", "supplier_id", "submitted_at", "attachment_name"
        )
    }
    feedback = {item.supplier_id: item for item in dialogue_round.feedback.all()}
    active = set(
        participations_in_process()
        .filter(tender_id=dialogue_round.tender_id)
        .values_list("supplier_id", flat=True)
    )
    booked = {slot.booked_by_supplier_id: slot for slot in slots if slot.booked_by_supplier_id}
    bidders = [
        BidderRow(
            supplier=supplier,
            active=supplier.pk in active,
            slot=booked.get(supplier.pk),
            outline=outlines.get(supplier.pk),
            feedback=feedback.get(supplier.pk),
        )
        for supplier in dialogue_round.invited.order_by("name", "pk")
    ]
    return BuyerRoundView(topics=round_topics(dialogue_round), slots=slots, bidders=bidders)


@dataclass
class BidderRoundView:
    topics: list[Requirement]
    free_slots: list[MeetingSlot]
    booked_slot: MeetingSlot | None
    may_cancel: bool
    outline: OutlineSubmission | None
    feedback: RoundFeedback | None


def round_for_bidder(*, dialogue_round: DialogueRound, supplier: Organisation) -> BidderRoundView:
    """What one bidder sees: the free slots and its own booking, its own outline, and its
    own feedback once the round has closed. Never another bidder's."""
    now = timezone.now()
    slots = list(
        dialogue_round.slots.filter(
            Q(booked_by_supplier__isnull=True) | Q(booked_by_supplier=supplier)
        ).order_by("starts_at", "pk")
    )
    booked = next((slot for slot in slots if slot.booked_by_supplier_id), None)
    feedback = None
    if dialogue_round.status == RoundStatus.CLOSED:
        feedback = RoundFeedback.objects.filter(round=dialogue_round, supplier=supplier).first()
    return BidderRoundView(
        topics=round_topics(dialogue_round),
        free_slots=[
            slot for slot in slots if slot.booked_by_supplier_id is None and slot.starts_at > now
        ],
        booked_slot=booked,
        may_cancel=booked is not None and booked.starts_at > now,
        outline=OutlineSubmission.objects.filter(round=dialogue_round, supplier=supplier).first(),
        feedback=feedback,
    )


def submitted_outline(
    *, dialogue_round: DialogueRound, supplier_pk: int
) -> OutlineSubmission | None:
    return (
        OutlineSubmission.objects.filter(
            round=dialogue_round, supplier_id=supplier_pk, submitted_at__isnull=False
        )
        .select_related("supplier", "submitted_by", "round__tender")
        .first()
    )


def invited_supplier(*, dialogue_round: DialogueRound, supplier_pk: int) -> Organisation | None:
    return dialogue_round.invited.filter(pk=supplier_pk).first()
