"""Direct award: a contract awarded to a named supplier without a competition.

The Procurement Act 2023 allows it only on the grounds in Schedule 5 (section 41), and
only after a transparency notice says so publicly (section 44). Kindred holds it to that:

- the buyer names the supplier (a registered supplier organisation) and the grounds, with
  its own words on how they apply (`direct_award_set`, while the tender is a draft);
- publishing issues the transparency notice (`transparency_notice_issue`, called by
  `procurement.services.tender_publish`) instead of inviting bids: the tender never appears
  in the opportunity search, and only the named supplier may take part or submit its
  offer (`bid_refusal`, asked by the bid services themselves, not only by the pages);
- there is no competitive evaluation. Once the offer is in, the buyer reads it and records
  the checks it made (exclusion grounds, conflicts of interest, value for money, capacity to
  deliver), each with a note (`direct_award_checks_record`). That is the award decision;
  then, as for any tender, the contract award notice (`procurement.award_notices`), whose
  publication starts the standstill, and the contract (`procurement.award`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import Organisation, OrganisationKind, User
from accounts.services import audit_record, notification_send
from core.errors import DomainError
from core.formatting import uk_datetime
from procurement import award
from procurement.models import (
    AwardNotice,
    Bid,
    BidStatus,
    DirectAward,
    DirectAwardGround,
    Procedure,
    Tender,
    TenderStatus,
    TransparencyNotice,
)
from procurement.selectors import supplier_people
from procurement.services import tender_transition

NOTES_MAX = 2000

# The checks a buyer records instead of a competitive evaluation: (field, what was checked).
CHECKS: list[tuple[str, str]] = [
    (
        "exclusion",
        "The supplier is not excluded: none of the mandatory or discretionary exclusion "
        "grounds apply (sections 57 and 58)",
    ),
    (
        "conflicts",
        "Conflicts of interest were looked for and any found were dealt with (section 81)",
    ),
    ("value_for_money", "The offer is value for money, with the price checked against the market"),
    ("capacity", "The supplier can deliver the contract: people, money, skills and insurance"),
]


# --- Reads ---------------------------------------------------------------------------------
def direct_award_for(tender: Tender) -> DirectAward | None:
    return DirectAward.objects.filter(tender=tender).select_related("supplier").first()


def named_supplier_id(tender: Tender) -> int | None:
    """The supplier a direct award is for; None for any other tender."""
    if tender.procedure != Procedure.DIRECT_AWARD:
        return None
    cached = getattr(tender, "_named_supplier_id", False)
    if cached is False:
        cached = (
            DirectAward.objects.filter(tender_id=tender.pk)
            .values_list("supplier_id", flat=True)
            .first()
        )
        tender._named_supplier_id = cached
    return cached


def bid_refusal(*, tender: Tender, supplier: Organisation) -> str | None:
    """Why this supplier may not take part in or bid for this tender, or None if it may.

    A direct award admits only the supplier it names; every other tender admits anyone
    (the other rules of taking part still apply).
    """
    if tender.procedure != Procedure.DIRECT_AWARD:
        return None
    named = named_supplier_id(tender)
    if named is not None and named == supplier.pk:
        return None
    return (
        "This contract is being awarded directly to one named supplier, without a "
        f"competition, so {supplier} cannot take part or make an offer."
    )


def supplier_choices() -> QuerySet[Organisation]:
    """Registered supplier organisations a direct award may name."""
    return Organisation.objects.filter(kind=OrganisationKind.SUPPLIER).order_by("name")


def transparency_notices() -> QuerySet[TransparencyNotice]:
    """Every published transparency notice, newest first, for the public list."""
    return TransparencyNotice.objects.select_related("tender__organisation").order_by(
        "-published_at", "-pk"
    )


def transparency_notice_for(tender: Tender) -> TransparencyNotice | None:
    return TransparencyNotice.objects.filter(tender=tender).first()


def named_supplier_offer(tender: Tender, award_record: DirectAward) -> Bid | None:
    """The named supplier's bid (its offer), whatever its status."""
    bid = Bid.objects.filter(tender=tender, supplier_id=award_record.supplier_id).first()
    if bid is not None:
        bid.tender = tender
    return bid


@dataclass(frozen=True)
class DirectAwardPage:
    """What the buyer's direct award page shows and offers."""

    tender: Tender
    record: DirectAward | None
    notice: TransparencyNotice | None
    offer: Bid | None
    may_set: bool
    may_record_checks: bool
    may_publish_award_notice: bool
    may_award: bool
    # The contract award notice, once published.
    award_notice: AwardNotice | None = None

    @property
    def offer_submitted(self) -> bool:
        return self.offer is not None and self.offer.status == BidStatus.SUBMITTED

    @property
    def awaiting_offer(self) -> bool:
        return self.tender.status == TenderStatus.PUBLISHED and not self.offer_submitted

    @property
    def is_awarded(self) -> bool:
        return self.tender.status == TenderStatus.AWARDED


def direct_award_page(tender: Tender) -> DirectAwardPage:
    record = direct_award_for(tender)
    offer = named_supplier_offer(tender, record) if record else None
    status = tender.status
    return DirectAwardPage(
        tender=tender,
        record=record,
        notice=transparency_notice_for(tender),
        offer=offer,
        may_set=status == TenderStatus.DRAFT,
        may_record_checks=status in {TenderStatus.PUBLISHED, TenderStatus.CLOSED}
        and offer is not None
        and offer.status == BidStatus.SUBMITTED,
        may_publish_award_notice=status == TenderStatus.AWARD_DECISION,
        may_award=status in {TenderStatus.STANDSTILL, TenderStatus.READY_TO_AWARD},
        award_notice=AwardNotice.objects.filter(tender=tender, lot=None).first(),
    )


def notice_outcome(tender: Tender, notice: TransparencyNotice) -> str:
    """What has happened since the notice, in words for the public page."""
    if tender.status == TenderStatus.AWARDED:
        return "The contract has been awarded."
    if tender.status == TenderStatus.CANCELLED:
        return "The direct award was cancelled."
    return (
        f"{notice.supplier_name} makes its offer and the council checks it before deciding "
        "the award."
    )


def publish_problems(tender: Tender) -> list[str]:
    """What stops a direct award from being published; empty for any other tender."""
    if tender.procedure != Procedure.DIRECT_AWARD:
        return []
    record = direct_award_for(tender)
    if record is None:
        return ["Name the supplier and the grounds for the direct award before you publish it."]
    if not record.grounds:
        return ["Choose at least one ground for the direct award before you publish it."]
    return []


# --- Writes --------------------------------------------------------------------------------
@transaction.atomic
def direct_award_set(
    *,
    tender: Tender,
    supplier: Organisation,
    grounds: Iterable[str],
    justification: str,
    by: User,
) -> DirectAward:
    """Name the supplier of a draft direct award and the Schedule 5 grounds it rests on.

    The buyer's commissioners and administrators only, only while the tender is a draft.
    The supplier must be a registered supplier organisation (never the buyer), at least one
    ground is needed, and the justification (how the grounds apply) cannot be blank: all
    three are published in the transparency notice.
    """
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.procedure != Procedure.DIRECT_AWARD:
        raise DomainError("Only a direct award names its supplier.")
    if tender.status != TenderStatus.DRAFT:
        raise DomainError("You can change the supplier and grounds only before publishing.")
    if supplier.kind != OrganisationKind.SUPPLIER or supplier.pk == tender.organisation_id:
        raise DomainError("Choose a registered supplier organisation.", field="supplier")
    grounds = [ground for ground in dict.fromkeys(grounds) if ground]
    if not grounds:
        raise DomainError("Choose at least one ground for the direct award.", field="grounds")
    unknown = set(grounds) - set(DirectAwardGround.values)
    if unknown:
        raise DomainError("Choose grounds from the list.", field="grounds")
    justification = justification.strip()
    if not justification:
        raise DomainError("Explain how the grounds apply to this contract.", field="justification")
    record = DirectAward.objects.filter(tender=tender).first()
    before = (
        {"supplier": str(record.supplier), "grounds": record.grounds}
        if record
        else {"supplier": None, "grounds": []}
    )
    if record is None:
        record = DirectAward(tender=tender)
    record.supplier = supplier
    record.grounds = grounds
    record.save()
    justification_before = tender.direct_award_justification
    tender.direct_award_justification = justification
    tender.save(update_fields=["direct_award_justification", "updated_at"])
    tender.__dict__.pop("_named_supplier_id", None)
    audit_record(
        actor=by,
        verb="direct award set",
        target=tender,
        changes={
            "supplier": [before["supplier"], str(supplier)],
            "grounds": [before["grounds"], grounds],
            "direct_award_justification": [justification_before, justification],
        },
    )
    return record


def transparency_notice_issue(*, tender: Tender, by: User) -> TransparencyNotice:
    """Publish the transparency notice of a direct award that has just been published.

    Called by `tender_publish` inside its transaction, after `publish_problems` found
    nothing. The notice is a snapshot of what was announced; issuing it twice returns the
    first. The people who act for the named supplier are asked for its offer, once.
    """
    record = DirectAward.objects.select_related("supplier").get(tender=tender)
    notice, created = TransparencyNotice.objects.get_or_create(
        tender=tender,
        defaults={
            "published_at": tender.published_at or timezone.now(),
            "supplier_name": record.supplier.name,
            "grounds": list(record.grounds),
            "justification": tender.direct_award_justification,
            "estimated_value": tender.estimated_value,
        },
    )
    if created:
        audit_record(
            actor=by,
            verb="transparency notice published",
            target=tender,
            changes={"supplier": notice.supplier_name, "grounds": notice.grounds},
        )
    # Nobody is invited to bid, so the named supplier is asked for its offer directly.
    url = reverse("procurement:tender_detail", args=[tender.pk])
    for supplier, person in supplier_people([record.supplier_id]):
        notification_send(
            recipient=person,
            key=f"direct-award-invited:{tender.pk}:{person.pk}",
            subject=f"{tender.organisation} asks {supplier} for an offer: {tender.title}",
            body=(
                f"{tender.organisation} intends to award {tender.title} ({tender.reference}) "
                f"directly to {supplier}, without a competition. Submit {supplier}'s offer by "
                f"{uk_datetime(tender.submission_deadline)}."
            ),
            url=url,
        )
    return notice


@transaction.atomic
def direct_award_checks_record(
    *,
    tender: Tender,
    checks: dict[str, tuple[bool, str]],
    rationale: str,
    by: User,
) -> Tender:
    """Record the checks made on the named supplier's offer, and decide the award to it.

    In place of a competitive evaluation. The buyer's commissioners and administrators
    only, once the named supplier has submitted its offer and before anything else has
    happened to the tender. Every check in `CHECKS` must be confirmed with a note of what
    was looked at. The tender then closes (no one else could bid, so there is nothing to
    wait for), the offer is opened and the award decision is recorded for the named
    supplier; standstill and the contract follow through `procurement.award`.
    """
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.procedure != Procedure.DIRECT_AWARD:
        raise DomainError("Only a direct award skips the competitive evaluation.")
    if tender.status not in {TenderStatus.PUBLISHED, TenderStatus.CLOSED}:
        raise DomainError(
            f"This direct award is {tender.get_status_display().lower()}, so its checks "
            "cannot be recorded now."
        )
    record = DirectAward.objects.select_for_update().select_related("supplier").get(tender=tender)
    offer = Bid.objects.filter(
        tender=tender, supplier_id=record.supplier_id, status=BidStatus.SUBMITTED
    ).first()
    if offer is None:
        raise DomainError(
            f"{record.supplier} has not submitted its offer yet. Record the checks once it has."
        )
    for name, label in CHECKS:
        confirmed, notes = checks.get(name, (False, ""))
        if not confirmed:
            raise DomainError(f"Confirm this check: {label}.", field=f"{name}_checked")
        if not notes.strip():
            raise DomainError("Say what you checked and what you found.", field=f"{name}_notes")
        if len(notes.strip()) > NOTES_MAX:
            raise DomainError(
                f"Notes must be {NOTES_MAX:,} characters or fewer.", field=f"{name}_notes"
            )
    rationale = rationale.strip()
    if not rationale:
        raise DomainError("Give the reasons for the award decision.", field="rationale")
    now = timezone.now()
    for name, _ in CHECKS:
        confirmed, notes = checks[name]
        setattr(record, f"{name}_checked", True)
        setattr(record, f"{name}_notes", notes.strip())
    record.checks_recorded_at = now
    record.checks_recorded_by = by
    record.save()
    if tender.status == TenderStatus.PUBLISHED:
        tender = tender_transition(tender=tender, to=TenderStatus.CLOSED, by=by)
    tender = tender_transition(tender=tender, to=TenderStatus.EVALUATION, by=by)
    tender = tender_transition(tender=tender, to=TenderStatus.AWARD_DECISION, by=by)
    tender.bids_opened_at = tender.bids_opened_at or now
    tender.bids_opened_by = tender.bids_opened_by or by
    tender.winning_bid = offer
    tender.award_decided_at = now
    tender.award_decided_by = by
    tender.award_rationale = rationale
    tender.save(
        update_fields=[
            "bids_opened_at",
            "bids_opened_by",
            "winning_bid",
            "award_decided_at",
            "award_decided_by",
            "award_rationale",
            "updated_at",
        ]
    )
    audit_record(
        actor=by,
        verb="direct award checks recorded",
        target=tender,
        changes={
            "supplier": str(record.supplier),
            "bid": offer.pk,
            **{name: checks[name][1].strip() for name, _ in CHECKS},
        },
    )
    return tender


def direct_award_contract(
    *, tender: Tender, start_date: datetime.date, end_date: datetime.date, by: User
) -> Tender:
    """Enter the contract with the named supplier once standstill has ended, through the
    same award service as any tender (it carries the offer's price and commitments)."""
    _require_direct_award(tender)
    return award.tender_award(tender=tender, start_date=start_date, end_date=end_date, by=by)


def _require_direct_award(tender: Tender) -> None:
    if tender.procedure != Procedure.DIRECT_AWARD:
        raise DomainError("This tender is not a direct award.")
