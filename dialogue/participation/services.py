"""Writes for taking part in a tender: joining, withdrawing, the private message thread
and marking the specification as read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.errors import DomainError
from accounts.models import Organisation, User
from accounts.services import audit_record, notification_send
from dialogue.models import TenderMessage, TenderParticipant, WithdrawalReason
from dialogue.participation.selectors import supplier_people
from procurement.models import Bid, BidStatus, Tender, TenderStatus
from procurement.services import bid_transition, when

# A supplier may join while the competition is running; later it is too late to start.
JOINABLE_STATUSES = frozenset(
    {TenderStatus.PUBLISHED, TenderStatus.DIALOGUE, TenderStatus.FINAL_SUBMISSIONS}
)
# Once the contract is awarded or the tender cancelled there is nothing left to leave.
FINISHED_STATUSES = frozenset({TenderStatus.AWARDED, TenderStatus.CANCELLED})
WITHDRAWAL_DETAIL_MAX = 2000
MESSAGE_MAX = 5000


@transaction.atomic
def participant_join(*, tender: Tender, supplier: Organisation, by: User) -> TenderParticipant:
    """Take part in a tender for a supplier (or return its existing participation).

    Only people who act for the supplier may; a buyer cannot take part in its own
    tender; a supplier that withdrew cannot rejoin; and only a running competition can
    be joined.
    """
    permissions.require(by, "supplier.act", supplier)
    if supplier.pk == tender.organisation_id:
        raise DomainError("An organisation cannot take part in its own tender.")
    existing = (
        TenderParticipant.objects.select_for_update()
        .filter(tender=tender, supplier=supplier)
        .first()
    )
    if existing is not None:
        if existing.withdrawn_at is not None:
            raise DomainError(f"{supplier} withdrew from this tender and cannot take part again.")
        return existing
    if tender.status not in JOINABLE_STATUSES:
        raise DomainError("This tender is not open to new participants.")
    participant = TenderParticipant.objects.create(
        tender=tender,
        supplier=supplier,
        joined_by=by,
        last_seen_version=tender.specification_version,
    )
    audit_record(actor=by, verb="joined tender", target=tender, changes={"supplier": str(supplier)})
    return participant


@transaction.atomic
def participant_withdraw(
    *, participant: TenderParticipant, reason: str, detail: str, by: User
) -> TenderParticipant:
    """Withdraw a supplier from a tender, with a reason from the list.

    A supplier may withdraw at any stage until the contract is awarded or the tender is
    cancelled, even after the bid deadline. "Another reason" needs a few words of
    explanation; any detail is kept to 2,000 characters. The supplier's draft or submitted
    bid is withdrawn with it, and the supplier cannot take part or bid again. The person
    who created the tender is told once. Only the supplier's own people may do this.
    """
    permissions.require(by, "participation.act", participant)
    participant = (
        TenderParticipant.objects.select_for_update(of=("self",))
        .select_related("tender", "supplier")
        .get(pk=participant.pk)
    )
    tender = participant.tender
    if participant.withdrawn_at is not None:
        raise DomainError(
            f"{participant.supplier} already withdrew from this tender on "
            f"{when(participant.withdrawn_at)}."
        )
    if tender.status in FINISHED_STATUSES:
        raise DomainError(
            f"This tender is {tender.get_status_display().lower()}, so there is nothing to"
            " withdraw from."
        )
    if reason not in WithdrawalReason.values:
        raise DomainError("Choose why you are withdrawing.")
    detail = detail.strip()
    if reason == WithdrawalReason.OTHER and not detail:
        raise DomainError("Tell the buyer why you are withdrawing.")
    if len(detail) > WITHDRAWAL_DETAIL_MAX:
        raise DomainError(
            f"Your explanation must be {WITHDRAWAL_DETAIL_MAX:,} characters or fewer."
            f" It is {len(detail):,} characters."
        )
    bid_status = _withdraw_bid(participant=participant, reason=reason, detail=detail, by=by)
    stage = tender.status
    participant.withdrawn_at = timezone.now()
    participant.withdrawn_by = by
    participant.withdrawal_reason = reason
    participant.withdrawal_detail = detail
    participant.save(
        update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "withdrawal_detail"]
    )
    # The permission rules cache who is taking part on the tender object.
    tender.__dict__.pop("_participant_supplier_ids", None)
    audit_record(
        actor=by,
        verb="withdrew from tender",
        target=participant,
        changes={
            "supplier": str(participant.supplier),
            "reason": reason,
            "detail": detail,
            "stage": stage,
            "bid": bid_status,
        },
    )
    if tender.created_by is not None:
        label = WithdrawalReason(reason).label
        notification_send(
            recipient=tender.created_by,
            key=f"participant-withdrew:{participant.pk}",
            subject=f"{participant.supplier} withdrew from {tender.title}",
            body=(
                f"{participant.supplier} withdrew from {tender.title} ({tender.reference}). "
                f"Their reason: {label}." + (f" They added: {detail}" if detail else "")
            ),
            url=reverse("dialogue:market_shaping_tender", args=[tender.pk]),
        )
    return participant


def _withdraw_bid(
    *, participant: TenderParticipant, reason: str, detail: str, by: User
) -> str | None:
    """Withdraw the supplier's draft or submitted bid; return its status before."""
    bid = Bid.objects.filter(tender=participant.tender, supplier=participant.supplier).first()
    if bid is None:
        return None
    before = bid.status
    if before in {BidStatus.DRAFT, BidStatus.SUBMITTED}:
        bid = bid_transition(bid=bid, to=BidStatus.WITHDRAWN, by=by)
        bid.withdrawn_at = timezone.now()
        bid.withdrawal_reason = WithdrawalReason(reason).label + (f" {detail}" if detail else "")
        bid.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    return before


@transaction.atomic
def message_send(*, participant: TenderParticipant, body: str, by: User) -> TenderMessage:
    """Send a message in the private thread between the buyer and one participant.

    The supplier's own people may write until they withdraw; on the buyer's side, the
    people who manage the tender. A message has up to 5,000 characters, is never edited
    or deleted, and is written in full to the audit trail. The other side is notified
    once per message: the supplier's people, or the person who created the tender.
    """
    participant = TenderParticipant.objects.select_related("tender", "supplier").get(
        pk=participant.pk
    )
    tender = participant.tender
    if permissions.can(by, "participation.act", participant):
        from_buyer = False
        if participant.withdrawn_at is not None:
            raise DomainError(
                f"{participant.supplier} withdrew from this tender, so you cannot send messages"
                " about it."
            )
    elif permissions.can(by, "tender.manage", tender):
        from_buyer = True
    else:
        raise PermissionDenied("You do not have permission to send messages about this tender.")
    body = body.strip()
    if not body:
        raise DomainError("Enter your message.")
    if len(body) > MESSAGE_MAX:
        raise DomainError(
            f"Your message must be {MESSAGE_MAX:,} characters or fewer."
            f" It is {len(body):,} characters."
        )
    message = TenderMessage.objects.create(
        participant=participant, author=by, from_buyer=from_buyer, body=body
    )
    audit_record(
        actor=by,
        verb="message sent",
        target=participant,
        changes={"body": body, "from_buyer": from_buyer, "message": message.pk},
    )
    if from_buyer:
        recipients = [person for _, person in supplier_people([participant.supplier_id])]
        url = reverse("dialogue:participant_messages", args=[tender.pk])
        subject = f"New message from {tender.organisation} about {tender.title}"
    else:
        recipients = [tender.created_by] if tender.created_by is not None else []
        url = reverse("dialogue:participant_thread", args=[tender.pk, participant.pk])
        subject = f"New message from {participant.supplier} about {tender.title}"
    for recipient in recipients:
        if recipient.pk == by.pk:
            continue
        notification_send(
            recipient=recipient,
            key=f"tender-message:{message.pk}:{recipient.pk}",
            subject=subject,
            body=f"{subject} ({tender.reference}). Sign in to read it and reply.",
            url=url,
        )
    return message


@transaction.atomic
def participant_version_seen(*, participant: TenderParticipant, by: User) -> TenderParticipant:
    """Record that the supplier has read the tender's current specification version, so
    the changes page shows only what is issued after it. The supplier's own people only."""
    permissions.require(by, "participation.act", participant)
    participant = (
        TenderParticipant.objects.select_for_update(of=("self",))
        .select_related("tender")
        .get(pk=participant.pk)
    )
    current = participant.tender.specification_version_id
    if participant.last_seen_version_id != current:
        before = participant.last_seen_version_id
        participant.last_seen_version_id = current
        participant.save(update_fields=["last_seen_version"])
        audit_record(
            actor=by,
            verb="specification read",
            target=participant,
            changes={"last_seen_version": [before, current]},
        )
    return participant
