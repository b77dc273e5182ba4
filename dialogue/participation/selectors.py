"""Reads for taking part in a tender."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Organisation, User
from accounts.permissions import roles_by_organisation
from dialogue.models import TenderParticipant
from procurement.models import Tender


def participants_active(tender: Tender) -> QuerySet[TenderParticipant]:
    """The suppliers still taking part, with their organisation."""
    return tender.participants.filter(withdrawn_at__isnull=True).select_related("supplier")


def participant_for(*, tender: Tender, supplier: Organisation) -> TenderParticipant | None:
    return (
        TenderParticipant.objects.filter(tender=tender, supplier=supplier)
        .select_related("supplier", "tender")
        .first()
    )


def participant_of_user(*, tender: Tender, user: User) -> TenderParticipant | None:
    """The participation of the supplier this person belongs to, if any (their first one
    when they belong to several suppliers taking part)."""
    supplier_ids = list(roles_by_organisation(user))
    return (
        TenderParticipant.objects.filter(tender=tender, supplier_id__in=supplier_ids)
        .select_related("supplier", "tender")
        .order_by("pk")
        .first()
    )
