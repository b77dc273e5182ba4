"""Demo: in the tender in dialogue (NBC-2026-0103), the council does not take Northbridge
Young Futures forward after round 1, so it will not be able to submit a final tender.
Made through the service, once."""

from __future__ import annotations

from accounts.models import Organisation, User
from procurement import stages
from procurement.models import Tender, TenderParticipant

REFERENCE = "NBC-2026-0103"
REASON = (
    "After round 1 we are taking forward the two outlines that best showed how meals would "
    "reach the Hillside and Kestrel estates. Yours focused on young carers, which this "
    "contract does not cover."
)


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    tender = Tender.objects.filter(organisation=council, reference=REFERENCE).first()
    if tender is None or not stages.may_down_select(tender):
        return []
    participant = TenderParticipant.objects.filter(
        tender=tender, supplier__slug="young-futures"
    ).first()
    if participant is None or not participant.is_taken_forward:
        return []
    stages.participant_not_taken_forward(
        tender=tender,
        participant=participant,
        reason=REASON,
        by=people["commissioner@northbridge.example"],
    )
    return [f"{participant.supplier} was not taken forward in {tender.reference} after round 1."]
