"""Demo records for taking part: one supplier withdraws with a reason, and a short
private message thread between the commissioner and a small supplier. Safe to run twice."""

from __future__ import annotations

from accounts.models import Organisation, Role, User
from dialogue.participation.services import message_send
from procurement.models import Tender, TenderParticipant, WithdrawalReason
from procurement.services import participant_join, participant_withdraw

COMMISSIONER = "commissioner@northbridge.example"
MICRO = "micro@nibandnettle.example"
LARGE = "large@amberline.example"
SUPPLIERS = (
    MICRO,
    "charity@youngfutures.example",
    "social@commontable.example",
    LARGE,
)
WITHDRAWAL_DETAIL = (
    "The contract puts all the risk of rising food costs on the provider, with no review"
    " for three years. We could not price that safely."
)
THREAD = (
    (MICRO, "Could two small providers share the community kitchen on the Hillside estate?"),
    (
        COMMISSIONER,
        "Yes. Say in your outline how you would share it, and who would hold the food"
        " hygiene rating.",
    ),
    (MICRO, "Thank you. We will set that out in our outline for round 2."),
)


def _supplier_of(person: User) -> Organisation | None:
    return (
        Organisation.objects.filter(
            kind="supplier",
            memberships__user=person,
            memberships__role__in=[Role.SUPPLIER, Role.ADMIN],
        )
        .order_by("pk")
        .first()
    )


def _participant(tender: Tender, person: User) -> TenderParticipant | None:
    supplier = _supplier_of(person)
    if supplier is None:
        return None
    existing = TenderParticipant.objects.filter(tender=tender, supplier=supplier).first()
    return existing or participant_join(tender=tender, supplier=supplier, by=person)


def load(*, tender: Tender, people: dict[str, User]) -> list[str]:
    """Make sure the demo suppliers take part, the large business has withdrawn (too much
    risk) and the micro business has a short thread with the commissioner."""
    lines: list[str] = []
    participants = {
        email: _participant(tender, people[email]) for email in SUPPLIERS if email in people
    }
    large = participants.get(LARGE)
    if large is not None and large.is_active:
        participant_withdraw(
            participant=large,
            reason=WithdrawalReason.RISK,
            detail=WITHDRAWAL_DETAIL,
            by=people[LARGE],
        )
    if large is not None:
        lines.append(f"Participation: {large.supplier} withdrew from {tender.title} (risk)")
    micro = participants.get(MICRO)
    if micro is not None and COMMISSIONER in people and not micro.messages.exists():
        for author, body in THREAD:
            message_send(participant=micro, body=body, by=people[author])
    if micro is not None:
        lines.append(
            f"Messages: {micro.messages.count()} between {micro.supplier} and the commissioner"
        )
    return lines
