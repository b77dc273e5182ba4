"""Reads for taking part in a tender."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery

from accounts.models import Organisation, Role, User
from accounts.permissions import supplier_ids_of
from commissioning.models import SpecificationVersion
from commissioning.specifications import versions as spec_versions
from dialogue.models import TenderMessage
from procurement.models import Tender, TenderParticipant
from procurement.selectors import (
    own_rows,
    supplier_people,  # noqa: F401  (the portal's name for it)
)


def participant_for(*, tender: Tender, supplier: Organisation) -> TenderParticipant | None:
    return (
        TenderParticipant.objects.filter(tender=tender, supplier=supplier)
        .select_related("supplier", "tender")
        .first()
    )


def participant_of_user(*, tender: Tender, user: User) -> TenderParticipant | None:
    """The participation of the supplier this person belongs to, if any (their first one
    when they belong to several suppliers taking part)."""
    supplier_ids = supplier_ids_of(user)
    return (
        TenderParticipant.objects.filter(tender=tender, supplier_id__in=supplier_ids)
        .select_related("supplier", "tender")
        .order_by("pk")
        .first()
    )


def tender_get(pk: int) -> Tender | None:
    """A tender with what the participation pages show about it."""
    return (
        Tender.objects.select_related(
            "organisation",
            "commission",
            "created_by",
            "specification_version__issued_by",
            "specification_version__specification",
        )
        .filter(pk=pk)
        .first()
    )


def participant_of_request(
    *,
    tender: Tender,
    user: User,
    organisation: Organisation | None,
    related: tuple[str, ...] = ("supplier", "last_seen_version", "withdrawn_by"),
) -> TenderParticipant | None:
    """The participation of the supplier this person is acting for: the organisation
    chosen in the switcher if it takes part, otherwise any supplier of theirs that does.
    It comes with its supplier, its version last read and who withdrew it, or only the
    `related` rows asked for (the tender page's panel shows none of them but the supplier,
    which is the organisation it was read for). The tender page read it with the tender
    (`procurement.selectors.own_rows`) when the person bids for that organisation."""
    # The current organisation is a lazy object that may wrap None: test its truth.
    if organisation and organisation.is_supplier:
        read = own_rows(tender, organisation) if not related else None
        if read is not None:
            participant = read.participant
        else:
            participants = TenderParticipant.objects.filter(tender=tender, supplier=organisation)
            # select_related() with no names would follow every relation.
            participant = (
                participants.select_related(*related) if related else participants
            ).first()
        if participant is not None:
            participant.tender = tender
            if "supplier" not in related:
                participant.supplier = organisation
            return participant
    participant = participant_of_user(tender=tender, user=user)
    if participant is not None:
        participant.tender = tender
    return participant


def suppliers_to_join_as(*, tender: Tender, user: User) -> list[Organisation]:
    """The supplier organisations this person may take part for (their supplier or
    administrator roles), excluding the buyer itself."""
    ids = [
        organisation_id
        for organisation_id in supplier_ids_of(user, Role.SUPPLIER, Role.ADMIN)
        if organisation_id != tender.organisation_id
    ]
    return list(Organisation.objects.filter(pk__in=ids, kind="supplier").order_by("name"))


# --- Message threads ---------------------------------------------------------------------
def thread_messages(participant: TenderParticipant) -> list[TenderMessage]:
    """Every message in one participant's thread, oldest first, with its author."""
    return list(participant.messages.select_related("author").order_by("sent_at", "pk"))


def threads_for_buyer(tender: Tender) -> QuerySet[TenderParticipant]:
    """Every participant's thread with its message count and latest message, in one query."""
    latest = TenderMessage.objects.filter(participant=OuterRef("pk")).order_by("-sent_at", "-pk")
    return (
        TenderParticipant.objects.filter(tender=tender)
        .select_related("supplier")
        .annotate(
            message_count=Count("messages"),
            latest_body=Subquery(latest.values("body")[:1]),
            latest_at=Subquery(latest.values("sent_at")[:1]),
            latest_from_buyer=Subquery(latest.values("from_buyer")[:1]),
        )
        .order_by("supplier__name", "pk")
    )


def thread_participant_get(*, tender: Tender, pk: int) -> TenderParticipant | None:
    participant = (
        TenderParticipant.objects.filter(tender=tender, pk=pk).select_related("supplier").first()
    )
    if participant is not None:
        participant.tender = tender
    return participant


# --- Specification changes ---------------------------------------------------------------
@dataclass
class SpecificationChanges:
    """What a participant has to catch up on: versions issued since the one they last
    read, and the comparison of that version with the current one."""

    current: SpecificationVersion
    last_seen: SpecificationVersion | None
    unread: list[SpecificationVersion] = field(default_factory=list)
    comparison: spec_versions.Comparison | None = None

    @property
    def has_unread(self) -> bool:
        return bool(self.unread)


def versions_of(tender: Tender) -> list[SpecificationVersion]:
    """Every issued version of the tender's specification, newest first."""
    return list(spec_versions.versions_for(tender.specification_version.specification))


def specification_changes(
    *, tender: Tender, participant: TenderParticipant
) -> SpecificationChanges:
    """The versions issued after the one this participant last read, up to the tender's
    current version, with the word-by-word differences between the two."""
    current = tender.specification_version
    last_seen = participant.last_seen_version
    if last_seen is not None and last_seen.number >= current.number:
        return SpecificationChanges(current=current, last_seen=last_seen)
    unread = SpecificationVersion.objects.filter(
        specification_id=current.specification_id, number__lte=current.number
    ).select_related("issued_by")
    if last_seen is not None:
        unread = unread.filter(number__gt=last_seen.number)
    comparison = (
        spec_versions.compare_snapshots(last_seen.snapshot, current.snapshot)
        if last_seen is not None
        else None
    )
    return SpecificationChanges(
        current=current,
        last_seen=last_seen,
        unread=list(unread.order_by("number")),
        comparison=comparison,
    )
