"""Exclusion and debarment (Procurement Act 2023, Part 4, Schedules 6 and 7).

- A supplier declares against every exclusion ground (`procurement.exclusion_grounds`)
  before it bids: for each, whether it applies, the details and what it has done to put
  things right ("self-cleaning"). A declaration is the supplier's, not one tender's, and
  is current for `DECLARATION_VALID_FOR`; after that the supplier confirms it again.
  `bid_submit` refuses a bid without a current declaration.
- The buyer reads the declarations of the suppliers taking part in its tender and may
  exclude one with a reason (`participant_exclude`): the supplier is told why, its bid is
  marked excluded and is not evaluated, and it cannot take part or bid again.
- The operator keeps the debarment list (`Debarment`, managed by `manage.py debarment`).
  A debarred supplier cannot join, bid or be awarded (`supplier_refusal`, asked by the
  services themselves), and the buyer sees the flag.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import Organisation, User
from accounts.services import audit_record, notification_send
from core.errors import DomainError
from core.formatting import uk_date
from procurement.exclusion_grounds import BY_CODE, GROUNDS
from procurement.models import (
    Bid,
    BidStatus,
    Debarment,
    ExclusionDeclaration,
    Tender,
    TenderParticipant,
)
from procurement.selectors import supplier_people

DECLARATION_VALID_FOR = datetime.timedelta(days=182)
TEXT_MAX = 2000


# --- Reads ---------------------------------------------------------------------------------
def declaration_current(
    supplier: Organisation, *, now: datetime.datetime | None = None
) -> ExclusionDeclaration | None:
    """The supplier's newest declaration, if it was made within `DECLARATION_VALID_FOR`."""
    since = (now or timezone.now()) - DECLARATION_VALID_FOR
    return (
        ExclusionDeclaration.objects.filter(supplier=supplier, declared_at__gt=since)
        .order_by("-declared_at", "-pk")
        .first()
    )


def declaration_expires(declaration: ExclusionDeclaration) -> datetime.datetime:
    return declaration.declared_at + DECLARATION_VALID_FOR


def _debarments_matching(suppliers: Iterable[Organisation]) -> Q | None:
    condition = None
    for supplier in suppliers:
        match = Q(name__iexact=supplier.name)
        if supplier.company_number:
            match |= Q(company_number__iexact=supplier.company_number)
        if supplier.charity_number:
            match |= Q(charity_number__iexact=supplier.charity_number)
        condition = match if condition is None else condition | match
    return condition


def debarments_in_force(*, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return Debarment.objects.filter(removed_at__isnull=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def debarment_of(supplier: Organisation, entries: Iterable[Debarment]) -> Debarment | None:
    """The entry among `entries` that names this supplier: by company number, charity
    number or exact name (any case)."""
    for entry in entries:
        if entry.name.casefold() == supplier.name.casefold():
            return entry
        if supplier.company_number and entry.company_number.casefold() == (
            supplier.company_number.casefold()
        ):
            return entry
        if supplier.charity_number and entry.charity_number.casefold() == (
            supplier.charity_number.casefold()
        ):
            return entry
    return None


def debarment_for(supplier: Organisation) -> Debarment | None:
    condition = _debarments_matching([supplier])
    return debarment_of(supplier, debarments_in_force().filter(condition))


def supplier_refusal(*, tender: Tender, supplier: Organisation) -> str | None:
    """Why this supplier may not take part in, bid for or win this tender, or None.

    A supplier on the debarment list is refused everywhere; a supplier the buyer excluded
    is refused in that tender.
    """
    entry = debarment_for(supplier)
    if entry is not None:
        return (
            f"{supplier} is on the debarment list, so it cannot take part in, bid for or "
            f"be awarded a public contract. The reason given: {entry.reason}"
        )
    participant = (
        TenderParticipant.objects.filter(tender=tender, supplier=supplier)
        .exclude(excluded_at=None)
        .first()
    )
    if participant is not None:
        return (
            f"The buyer excluded {supplier} from this tender on "
            f"{uk_date(participant.excluded_at)}, so it cannot take part or bid. "
            f"The reason given: {participant.exclusion_reason}"
        )
    return None


def declaration_refusal(supplier: Organisation) -> str | None:
    """Why this supplier may not submit a bid yet for want of a declaration, or None."""
    if declaration_current(supplier) is not None:
        return None
    return (
        f"Declare whether any exclusion grounds apply to {supplier} before you submit a "
        "bid. Follow the link “Make your exclusion declaration” on your bid page."
    )


@dataclass(frozen=True)
class BidderCheck:
    """One supplier taking part in a tender, as the buyer checks it."""

    participant: TenderParticipant
    declaration: ExclusionDeclaration | None
    debarment: Debarment | None

    @property
    def supplier(self) -> Organisation:
        return self.participant.supplier

    @property
    def condition_answers(self) -> list:
        """The supplier's answers to the conditions of participation, in their order."""
        return sorted(
            self.participant.condition_answers.all(),
            key=lambda answer: (answer.condition.position, answer.condition_id),
        )

    @property
    def grounds_applying(self) -> list[tuple[object, dict]]:
        if self.declaration is None:
            return []
        return [
            (BY_CODE[code], answer)
            for code, answer in self.declaration.answers.items()
            if answer.get("applies") and code in BY_CODE
        ]


def tender_bidder_checks(tender: Tender) -> list[BidderCheck]:
    """Every supplier that took part in the tender with its current declaration, any
    debarment and its answers to the conditions of participation, in a fixed number of
    queries whatever the number of suppliers."""
    participants = list(
        TenderParticipant.objects.filter(tender=tender)
        .select_related("supplier")
        .prefetch_related("condition_answers__condition")
        .order_by("pk")
    )
    suppliers = [participant.supplier for participant in participants]
    since = timezone.now() - DECLARATION_VALID_FOR
    newest: dict[int, ExclusionDeclaration] = {}
    declarations = ExclusionDeclaration.objects.filter(
        supplier_id__in=[supplier.pk for supplier in suppliers], declared_at__gt=since
    ).order_by("supplier_id", "-declared_at", "-pk")
    for declaration in declarations:
        newest.setdefault(declaration.supplier_id, declaration)
    condition = _debarments_matching(suppliers)
    entries = list(debarments_in_force().filter(condition)) if condition is not None else []
    return [
        BidderCheck(
            participant=participant,
            declaration=newest.get(participant.supplier_id),
            debarment=debarment_of(participant.supplier, entries),
        )
        for participant in participants
    ]


# --- Writes --------------------------------------------------------------------------------
@transaction.atomic
def declaration_submit(
    *, supplier: Organisation, answers: Mapping[str, Mapping[str, object]], by: User
) -> ExclusionDeclaration:
    """Record a supplier's declaration against every exclusion ground.

    Every ground needs an answer; a ground that applies needs its details (what happened
    and when); what the supplier did to put it right is optional but is what lets a buyer
    decide not to exclude. Text is kept to 2,000 characters an answer.
    """
    permissions.require(by, "supplier.act", supplier)
    cleaned: dict[str, dict[str, object]] = {}
    for ground in GROUNDS:
        answer = answers.get(ground.code)
        if answer is None or answer.get("applies") is None:
            raise DomainError(f"Say whether “{ground.title}” applies.", field=ground.code)
        applies = bool(answer["applies"])
        details = str(answer.get("details") or "").strip()
        self_cleaning = str(answer.get("self_cleaning") or "").strip()
        if applies and not details:
            raise DomainError(
                f"Give the details of “{ground.title}”: what happened and when.",
                field=f"{ground.code}_details",
            )
        for name, text in (("details", details), ("self_cleaning", self_cleaning)):
            if len(text) > TEXT_MAX:
                raise DomainError(
                    f"Keep each answer to {TEXT_MAX:,} characters.", field=f"{ground.code}_{name}"
                )
        cleaned[ground.code] = {
            "applies": applies,
            "details": details if applies else "",
            "self_cleaning": self_cleaning if applies else "",
        }
    declaration = ExclusionDeclaration.objects.create(
        supplier=supplier, answers=cleaned, declared_by=by
    )
    audit_record(
        actor=by,
        verb="exclusion declaration made",
        target=declaration,
        changes={"grounds_applying": declaration.grounds_applying},
        organisation=supplier,
    )
    return declaration


@transaction.atomic
def participant_exclude(
    *, tender: Tender, participant: TenderParticipant, reason: str, by: User
) -> TenderParticipant:
    """Exclude a supplier from the buyer's tender, with the reason.

    Only the tender's managers may, until the tender is finished. The supplier's bid is
    marked excluded (it is not evaluated), the supplier cannot take part or bid again, and
    its people are told once, with the reason.
    """
    permissions.require(by, "tender.manage", tender)
    participant = (
        TenderParticipant.objects.select_for_update(of=("self",))
        .select_related("supplier")
        .get(pk=participant.pk, tender=tender)
    )
    if participant.is_excluded:
        raise DomainError(f"{participant.supplier} is already excluded from this tender.")
    if tender.is_finished or tender.winning_bid_id is not None:
        raise DomainError("The award has been decided, so no supplier can be excluded now.")
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for excluding the supplier.", field="reason")
    if len(reason) > TEXT_MAX:
        raise DomainError(f"Keep the reason to {TEXT_MAX:,} characters.", field="reason")
    from procurement.services import BID_ALLOWED

    bid = Bid.objects.filter(tender=tender, supplier=participant.supplier).first()
    if bid is not None:
        lifecycle.transition(
            bid, to=BidStatus.EXCLUDED, allowed=BID_ALLOWED, by=by, organisation=tender.organisation
        )
    participant.excluded_at = timezone.now()
    participant.excluded_by = by
    participant.exclusion_reason = reason
    participant.save(update_fields=["excluded_at", "excluded_by", "exclusion_reason"])
    tender.__dict__.pop("_participant_supplier_ids", None)
    audit_record(
        actor=by,
        verb="excluded supplier",
        target=tender,
        changes={"supplier": str(participant.supplier), "reason": reason},
    )
    for supplier, person in supplier_people([participant.supplier_id]):
        notification_send(
            recipient=person,
            key=f"participant-excluded:{participant.pk}:{person.pk}",
            subject=f"{supplier} has been excluded from {tender.title}",
            body=(
                f"{tender.organisation} has excluded {supplier} from {tender.title} "
                f"({tender.reference}). Its bid will not be evaluated. The reason: {reason}"
            ),
            url=reverse("procurement:tender_detail", args=[tender.pk]),
        )
    return participant


# --- The debarment list (run by the operator through `manage.py debarment`) -----------------
@transaction.atomic
def debarment_add(
    *,
    name: str,
    reason: str,
    company_number: str = "",
    charity_number: str = "",
    ends_on: datetime.date | None = None,
) -> Debarment:
    """Put a supplier on the debarment list. A name and a reason are needed."""
    name, reason = name.strip(), reason.strip()
    if not name:
        raise DomainError("Give the supplier's name.")
    if not reason:
        raise DomainError("Give the reason for the debarment.")
    entry = Debarment.objects.create(
        name=name,
        reason=reason,
        company_number=company_number.strip().upper(),
        charity_number=charity_number.strip(),
        ends_on=ends_on,
    )
    audit_record(actor=None, verb="debarment added", target=entry, changes={"name": name})
    return entry


@transaction.atomic
def debarment_remove(*, pk: int) -> Debarment:
    """Take an entry off the debarment list (it is kept, marked removed)."""
    entry = Debarment.objects.select_for_update().filter(pk=pk, removed_at=None).first()
    if entry is None:
        raise DomainError(f"There is no debarment {pk} in force.")
    entry.removed_at = timezone.now()
    entry.save(update_fields=["removed_at"])
    audit_record(actor=None, verb="debarment removed", target=entry, changes={"name": entry.name})
    return entry
