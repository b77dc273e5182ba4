"""Writes for a supplier taking part in a tender: the private message thread and marking
the specification as read. Joining and withdrawing are procurement's rules
(procurement.services.participant_join and participant_withdraw)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from accounts import permissions
from accounts.models import User
from accounts.services import audit_record, notification_send
from core.errors import DomainError
from dialogue.models import TenderMessage
from dialogue.participation.selectors import supplier_people
from procurement.models import TenderParticipant

MESSAGE_MAX = 5000


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
        if not participant.is_active:
            raise DomainError(
                f"{participant.supplier} withdrew from this tender, so you cannot send messages"
                " about it."
            )
        if participant.was_removed:
            raise DomainError(
                f"{participant.supplier} is no longer taking part in this tender, so you cannot"
                " send messages about it."
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
