"""Demo: the open food hubs tender with one published change (both deadlines moved later,
after a bid was in). Idempotent: the change is made once."""

from __future__ import annotations

import datetime

from accounts.models import Organisation, User
from procurement.changes import tender_change_make
from procurement.models import Tender

REFERENCE = "NBC-2026-0001"
REASON = (
    "Several small providers asked for more time to form partnerships over the school "
    "holidays, so both deadlines move a week later."
)


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    tender = Tender.objects.filter(organisation=council, reference=REFERENCE).first()
    if tender is None or tender.changes.exists():
        return []
    week = datetime.timedelta(days=7)
    tender_change_make(
        tender=tender,
        reason=REASON,
        submission_deadline=tender.submission_deadline + week,
        clarification_deadline=(
            tender.clarification_deadline + week if tender.clarification_deadline else None
        ),
        summary=tender.summary,
        specification_version=tender.specification_version,
        estimated_value=tender.estimated_value,
        by=people["commissioner@northbridge.example"],
    )
    return [f"Tender {REFERENCE} has a published change: both deadlines a week later."]
