"""What the tender page shows about taking part, clarifications, dialogue and messages.

One read for the tender page, so procurement's page needs to know nothing about dialogue
beyond including the panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accounts import permissions
from dialogue.clarifications.selectors import waiting_for_answer_count
from dialogue.participation.selectors import participant_of_request, suppliers_to_join_as
from procurement.direct_award import bid_refusal
from procurement.models import Procedure, Tender, TenderParticipant
from procurement.services import JOINABLE_STATUSES
from procurement.stages import removal_reason


@dataclass(frozen=True)
class TenderDialoguePanel:
    tender: Tender
    is_council: bool
    # Message threads are part of the buyer's audit trail: its staff read them, its
    # viewers do not (the same rule as the messages page).
    may_read_threads: bool
    participant: TenderParticipant | None
    may_take_part: bool
    has_rounds: bool
    awaiting_answers: int
    new_version: bool

    @property
    def removal_reason(self) -> str | None:
        """Why the buyer took the viewer's supplier out of the process, if it did."""
        return removal_reason(self.participant) if self.participant is not None else None

    @property
    def shows_anything(self) -> bool:
        return self.is_council or self.participant is not None or self.may_take_part


def tender_dialogue_panel(*, tender: Tender, user: Any, organisation: Any) -> TenderDialoguePanel:
    """The panel for this person: the council's staff see the buyer's links and how many
    questions wait for an answer; a supplier sees its own part or the way to join."""
    is_council = permissions.can(user, "commissioning.view", tender)
    participant = None
    may_take_part = False
    if user.is_authenticated and not is_council and tender.is_public:
        # The panel shows the participant's state and its supplier's name, no more.
        participant = participant_of_request(
            tender=tender, user=user, organisation=organisation, related=()
        )
        may_take_part = (
            participant is None
            and tender.status in JOINABLE_STATUSES
            and any(
                bid_refusal(tender=tender, supplier=supplier) is None
                for supplier in suppliers_to_join_as(tender=tender, user=user)
            )
        )
    awaiting = 0
    if is_council:
        awaiting = waiting_for_answer_count(tender)
    return TenderDialoguePanel(
        tender=tender,
        is_council=is_council,
        may_read_threads=is_council and permissions.can(user, "audit.view", tender),
        participant=participant,
        may_take_part=may_take_part,
        has_rounds=tender.procedure == Procedure.COMPETITIVE_FLEXIBLE,
        awaiting_answers=awaiting,
        new_version=participant is not None
        and participant.is_active
        and participant.last_seen_version_id != tender.specification_version_id,
    )
