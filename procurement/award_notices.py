"""Contract award notices: the public notice of an award decision, whose publication
starts the standstill.

The Procurement Act 2023 asks a buyer to publish a contract award notice before it enters
a contract (section 50; on Find a Tender it is notice UK6), and the standstill period runs
from the day the notice is published (section 51): at least 8 working days in which the
contract cannot be entered, so that a bidder who was not chosen can challenge the
decision. Each bidder must have its assessment summary before or with the notice
(section 50(2)). Kindred holds it to that:

- there is one notice per award decision: one for a tender without lots (a direct award
  too, after its transparency notice), and one per lot awarded in a tender with lots (a
  lot no one could win has none);
- the buyer sees the notice before publishing it (`award_notice_draft`), with its
  plain-language summary to check and the bidders whose assessment summaries go out with
  it; publishing (`award_notice_publish`) records the notice, starts the standstill
  (`procurement.award`), and sends the feedback letters, in one transaction;
- a published notice is never changed. Kindred offers no correction notice: a buyer who
  published a wrong decision cancels the tender (the award then reads as cancelled) and
  runs it again. The award's state (pending, active, cancelled, in OCDS words) is read
  from the tender or lot (`award_status`), so the notice itself stays as published.

The open-data pages build OCDS awards and notice documents from these records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts import permissions
from accounts.models import Organisation, User
from accounts.services import audit_record
from core.errors import DomainError
from procurement import award
from procurement.models import (
    AwardNotice,
    AwardNoticeSupplier,
    AwardStatus,
    Bid,
    BidStatus,
    Lot,
    LotStatus,
    Procedure,
    Tender,
    TenderStatus,
)
from procurement.results import bid_price, bid_price_for_lot

if TYPE_CHECKING:
    from contracts.models import Contract

SUMMARY_MAX = 2000


# --- Reads -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NoticeSupplier:
    supplier: Organisation
    bid: Bid
    value: Decimal


@dataclass(frozen=True)
class AwardNoticeDraft:
    """The notice as it would be published today, for the buyer to check first."""

    tender: Tender
    lot: Lot | None
    title: str
    suppliers: list[NoticeSupplier]
    standstill_starts_on: datetime.date
    standstill_ends_on: datetime.date
    standstill_working_days: int
    summary: str
    # The bidders sent their assessment summary with the notice (none for a direct award).
    letters_to: list[Bid] = field(default_factory=list)
    # Why it cannot be published now; empty when it can.
    refusal: str = ""

    @property
    def total_value(self) -> Decimal:
        return sum((line.value for line in self.suppliers), Decimal(0))

    @property
    def is_direct_award(self) -> bool:
        return self.tender.procedure == Procedure.DIRECT_AWARD


def _money(value: Decimal) -> str:
    return f"£{value:,.0f}" if value == value.to_integral_value() else f"£{value:,.2f}"


def _winner_and_value(tender: Tender, lot: Lot | None) -> tuple[Bid | None, Decimal]:
    """The winning bid and the contract's value as the award will enter it: the bid's
    price (for a lot, its price for that lot), or else the estimated value."""
    bid_id = lot.winning_bid_id if lot is not None else tender.winning_bid_id
    if bid_id is None:
        return None, Decimal(0)
    bid = Bid.objects.select_related("supplier").prefetch_related("price_lines").get(pk=bid_id)
    if lot is not None:
        price = bid_price_for_lot(bid, lot)
        fallback = lot.estimated_value
    else:
        price = bid_price(bid)
        fallback = tender.estimated_value
    return bid, price if price is not None else (fallback or Decimal(0))


def notice_title(tender: Tender, lot: Lot | None) -> str:
    return f"{tender.title}: {lot.title}" if lot is not None else tender.title


def default_summary(tender: Tender, lot: Lot | None, supplier: Organisation, value: Decimal) -> str:
    """A plain-language summary of the decision the buyer can keep or rewrite."""
    what = f"{lot.title}, part of {tender.title}," if lot is not None else tender.title
    if tender.procedure == Procedure.DIRECT_AWARD:
        opening = (
            f"{tender.organisation} has decided to award the contract for {what} to {supplier} "
            f"without a competition, as its transparency notice said. The contract is worth "
            f"{_money(value)}."
        )
    else:
        opening = (
            f"{tender.organisation} has decided to award the contract for {what} to {supplier}, "
            f"whose bid scored highest. The contract is worth {_money(value)}."
        )
    return (
        f"{opening} The contract will not be signed until the standstill period has ended. "
        "In that time, anyone who bid can ask questions about the decision or challenge it."
    )


def _refusal(tender: Tender, lot: Lot | None) -> str:
    if lot is None:
        if tender.lots.exists():
            return "This tender has lots. Publish a contract award notice for each lot."
        if tender.status != TenderStatus.AWARD_DECISION:
            return "You can publish the contract award notice once the award is decided."
        return ""
    if tender.status not in {TenderStatus.AWARD_DECISION, TenderStatus.STANDSTILL}:
        return "Decide the award for every lot before you publish any contract award notice."
    if lot.status != LotStatus.AWARD_DECISION:
        return f"You can publish the contract award notice for {lot} once its award is decided."
    return ""


def _letters_to(tender: Tender, lot: Lot | None) -> list[Bid]:
    # A direct award assessed no competing bids, so there is no assessment summary to send.
    if tender.procedure == Procedure.DIRECT_AWARD:
        return []
    bids = tender.bids.filter(status=BidStatus.SUBMITTED).select_related("supplier")
    if lot is not None:
        bids = bids.filter(bid_lots__lot=lot)
    return list(bids.order_by("supplier__name"))


def award_notice_draft(*, tender: Tender, lot: Lot | None = None) -> AwardNoticeDraft:
    """The notice as publishing it today would make it, with anything that stops it."""
    refusal = _refusal(tender, lot)
    bid, value = _winner_and_value(tender, lot)
    suppliers = [NoticeSupplier(supplier=bid.supplier, bid=bid, value=value)] if bid else []
    if not refusal and not suppliers:
        refusal = "There is no winning bid to announce."
    days = award.standstill_working_days(tender)
    today = timezone.localdate()
    return AwardNoticeDraft(
        tender=tender,
        lot=lot,
        title=notice_title(tender, lot),
        suppliers=suppliers,
        standstill_starts_on=today,
        standstill_ends_on=award.add_working_days(today, days),
        standstill_working_days=days,
        summary=default_summary(tender, lot, bid.supplier, value) if bid else "",
        letters_to=_letters_to(tender, lot),
        refusal=refusal,
    )


def _with_lines(notices: QuerySet[AwardNotice]) -> QuerySet[AwardNotice]:
    return notices.select_related("tender__organisation", "lot").prefetch_related(
        Prefetch("suppliers", queryset=AwardNoticeSupplier.objects.order_by("pk"))
    )


def published_award_notices() -> QuerySet[AwardNotice]:
    """Every contract award notice, newest first, for the public list."""
    return _with_lines(AwardNotice.objects.all()).order_by("-published_at", "-pk")


def award_notices_for(tender: Tender) -> list[AwardNotice]:
    """A tender's notices, in lot order (the tender's own first)."""
    notices = list(
        _with_lines(AwardNotice.objects.filter(tender=tender)).select_related("lot__contract")
    )
    for notice in notices:
        notice.tender = tender
    return sorted(
        notices,
        key=lambda n: (n.lot is not None, n.lot.position if n.lot else 0, n.lot_id or 0),
    )


def award_notice_for(tender: Tender, lot: Lot | None = None) -> AwardNotice | None:
    """The published notice of a tender without lots, or of one lot."""
    return AwardNotice.objects.filter(tender=tender, lot=lot).first()


def award_notice_get(pk: int) -> AwardNotice | None:
    return (
        _with_lines(AwardNotice.objects.filter(pk=pk))
        .select_related("published_by", "lot__contract")
        .first()
    )


def award_status(notice: AwardNotice) -> str:
    """pending in standstill, active once the contract is entered, cancelled if the tender
    was cancelled after the notice (OCDS award status)."""
    tender = notice.tender
    if tender.status == TenderStatus.CANCELLED:
        return AwardStatus.CANCELLED
    if notice.lot is not None:
        awarded = notice.lot.status == LotStatus.AWARDED
    else:
        awarded = tender.status == TenderStatus.AWARDED
    return AwardStatus.ACTIVE if awarded else AwardStatus.PENDING


def notice_contract(notice: AwardNotice) -> Contract | None:
    """The contract entered after the notice, once there is one."""
    if notice.lot is not None:
        return notice.lot.contract
    if notice.tender.status != TenderStatus.AWARDED:
        return None
    return notice.tender.contracts.order_by("pk").first()


@dataclass(frozen=True)
class NoticeView:
    """One published notice as the public reads it: the award's state now, and the
    contract once it is signed."""

    notice: AwardNotice
    status: str
    contract: Contract | None

    @property
    def is_pending(self) -> bool:
        return self.status == AwardStatus.PENDING


def notice_view(notice: AwardNotice) -> NoticeView:
    return NoticeView(notice=notice, status=award_status(notice), contract=notice_contract(notice))


def notice_views_for(tender: Tender) -> list[NoticeView]:
    """The tender page's award section: each notice with its state and contract."""
    return [notice_view(notice) for notice in award_notices_for(tender)]


# --- Writes ----------------------------------------------------------------------------------
def notice_reference(tender: Tender, lot: Lot | None) -> str:
    if lot is None:
        return f"{tender.reference}-UK6"
    number = list(tender.lots.values_list("pk", flat=True)).index(lot.pk) + 1
    return f"{tender.reference}-UK6-L{number}"


@transaction.atomic
def award_notice_publish(
    *, tender: Tender, lot: Lot | None = None, summary: str, by: User
) -> AwardNotice:
    """Publish the contract award notice of a decided award, and so start its standstill.

    The buyer's commissioners and administrators only. A tender without lots (a direct
    award too) has one notice once its award is decided; a tender with lots has one per
    lot whose award is decided, once every lot is decided. The summary is the buyer's
    plain-language account of the decision and cannot be blank. Publishing starts the
    standstill today (Procurement Act 2023, section 51) and sends each assessed bidder its
    assessment summary with the notice (section 50(2)). A published notice never changes.
    """
    permissions.require(by, "tender.manage", tender)
    # Read the statuses under a lock; the caller's objects are moved by the transitions.
    locked = Tender.objects.select_for_update().get(pk=tender.pk)
    locked_lot = None
    if lot is not None:
        locked_lot = Lot.objects.select_for_update().get(pk=lot.pk, tender=locked)
        locked_lot.tender = locked
        lot.tender = locked
    refusal = _refusal(locked, locked_lot)
    if refusal:
        raise DomainError(refusal)
    summary = summary.strip()
    if not summary:
        raise DomainError("Write a short summary of the decision.", field="summary")
    if len(summary) > SUMMARY_MAX:
        raise DomainError(
            f"The summary must be {SUMMARY_MAX:,} characters or fewer.", field="summary"
        )
    bid, value = _winner_and_value(locked, locked_lot)
    if bid is None:
        raise DomainError("There is no winning bid to announce.")
    if lot is None:
        tender = award._standstill_start(tender=tender, by=by)
        ends_on = tender.standstill_ends_on
    else:
        lot = award._lot_standstill_start(lot=lot, by=by)
        ends_on = lot.standstill_ends_on
    decided_at = (lot.award_decided_at if lot is not None else tender.award_decided_at) or (
        timezone.now()
    )
    notice = AwardNotice.objects.create(
        reference=notice_reference(tender, lot),
        tender=tender,
        lot=lot,
        title=notice_title(tender, lot),
        summary=summary,
        decided_at=decided_at,
        standstill_starts_on=timezone.localdate(),
        standstill_ends_on=ends_on,
        standstill_working_days=award.standstill_working_days(tender),
        published_at=timezone.now(),
        published_by=by,
    )
    supplier = bid.supplier
    AwardNoticeSupplier.objects.create(
        notice=notice,
        supplier=supplier,
        bid=bid,
        name=supplier.name,
        company_number=supplier.company_number,
        charity_number=supplier.charity_number,
        value=value,
    )
    audit_record(
        actor=by,
        verb="contract award notice published",
        target=tender,
        changes={
            "notice": notice.reference,
            "lot": lot.pk if lot is not None else None,
            "supplier": supplier.name,
            "value": str(value),
            "standstill_ends_on": ends_on.isoformat(),
        },
    )
    return notice
