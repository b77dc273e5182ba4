"""Writes for taking part in a tender."""

from __future__ import annotations

from django.db import transaction

from accounts import permissions
from accounts.errors import DomainError
from accounts.models import Organisation, User
from accounts.services import audit_record
from dialogue.models import TenderParticipant
from procurement.models import Tender, TenderStatus

# A supplier may join while the competition is running; later it is too late to start.
JOINABLE_STATUSES = frozenset(
    {TenderStatus.PUBLISHED, TenderStatus.DIALOGUE, TenderStatus.FINAL_SUBMISSIONS}
)


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
