"""Award: the decision, the standstill period in UK working days, feedback letters
(assessment summaries) and the contract that follows. The standstill starts when the
contract award notice is published: see `procurement.award_notices`."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

import holidays
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import Role, User
from accounts.services import audit_record, notification_send
from core.broker import enqueue_on_commit
from core.errors import DomainError
from core.formatting import uk_date
from procurement.bidder_feedback import bidder_feedback_ask
from procurement.models import (
    Bid,
    BidStatus,
    BuyerProcurementSettings,
    FeedbackLetter,
    Lot,
    LotStatus,
    Procedure,
    Tender,
    TenderStatus,
)
from procurement.results import (
    BidResult,
    bid_price,
    bid_price_for_lot,
    fully_moderated,
    lot_results,
    tender_results,
)
from procurement.services import ALLOWED, tender_transition

if TYPE_CHECKING:
    from contracts.models import Contract

DEFAULT_STANDSTILL_WORKING_DAYS = 8  # Procurement Act 2023, section 51


def standstill_working_days(tender: Tender) -> int:
    settings = BuyerProcurementSettings.objects.filter(
        organisation_id=tender.organisation_id
    ).first()
    return settings.standstill_working_days if settings else DEFAULT_STANDSTILL_WORKING_DAYS


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` UK working days after `start`: weekends and bank holidays in
    England and Wales are skipped (the `holidays` package keeps the list current)."""
    bank_holidays = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(start.year, start.year + 2)
    )
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in bank_holidays:
            counted += 1
    return day


@transaction.atomic
def award_decision_make(*, tender: Tender, rationale: str, by: User) -> Tender:
    """Decide the award: the highest-ranked bid once every answer has a consensus score.

    The decision and its reasons are recorded; nothing is sent until standstill starts.
    """
    permissions.require(by, "tender.manage", tender)
    _refuse_if_lots(tender)
    if tender.status != TenderStatus.EVALUATION:
        raise DomainError("You can decide the award once evaluation is under way.")
    results = tender_results(tender)
    if not results:
        raise DomainError("There are no submitted bids to award.")
    if not fully_moderated(tender, results):
        raise DomainError("Agree a consensus score for every answer before you decide the award.")
    if not rationale.strip():
        raise DomainError("Give the reasons for the award decision.")
    winner = results[0].bid
    tender = tender_transition(tender=tender, to=TenderStatus.AWARD_DECISION, by=by)
    tender.winning_bid = winner
    tender.award_decided_at = timezone.now()
    tender.award_decided_by = by
    tender.award_rationale = rationale.strip()
    tender.save(
        update_fields=[
            "winning_bid",
            "award_decided_at",
            "award_decided_by",
            "award_rationale",
            "updated_at",
        ]
    )
    audit_record(
        actor=by,
        verb="award decided",
        target=tender,
        changes={"winning_bid": winner.pk, "total": str(results[0].total)},
    )
    return tender


@transaction.atomic
def _standstill_start(*, tender: Tender, by: User) -> Tender:
    """Start the standstill period and send every assessed bidder its feedback letter.

    Called only by `procurement.award_notices.award_notice_publish`: publishing the contract
    award notice is what starts the standstill (Procurement Act 2023, section 51). The
    period ends after the buyer's number of UK working days (8 unless the buyer set more).
    The contract cannot be entered before it ends.
    """
    from procurement.tasks import issue_feedback_letters

    permissions.require(by, "tender.manage", tender)
    _refuse_if_lots(tender)
    tender = tender_transition(tender=tender, to=TenderStatus.STANDSTILL, by=by)
    days = standstill_working_days(tender)
    tender.standstill_ends_on = add_working_days(timezone.localdate(), days)
    tender.save(update_fields=["standstill_ends_on", "updated_at"])
    # A direct award assessed no competing bids, so there is no assessment summary to send.
    if tender.procedure != Procedure.DIRECT_AWARD:
        bids = list(tender.bids.filter(status=BidStatus.SUBMITTED))
        for bid in bids:
            FeedbackLetter.objects.get_or_create(bid=bid)
        # With the letters, each bidder is asked how the process was (once, anonymously).
        bidder_feedback_ask(tender=tender, supplier_ids=[bid.supplier_id for bid in bids])
    audit_record(
        actor=by,
        verb="standstill started",
        target=tender,
        changes={"ends_on": tender.standstill_ends_on.isoformat(), "working_days": days},
    )
    tender_pk = tender.pk
    enqueue_on_commit(issue_feedback_letters, tender_pk)
    return tender


def standstill_has_ended(record: Tender | Lot, today: datetime.date | None = None) -> bool:
    """Has the standstill of this tender (or, in a tender with lots, this lot) ended?"""
    today = today or timezone.localdate()
    return record.standstill_ends_on is not None and today > record.standstill_ends_on


@transaction.atomic
def standstill_ends_process(*, now: datetime.datetime) -> int:
    """Move every tender whose standstill has ended to "ready to award" and remind the
    people who manage it, once. Safe to run as often as the scheduler likes, and twice at
    once (two beats by mistake): a tender that another run holds is left to that run."""
    today = timezone.localdate(now)
    due = (
        Tender.objects.filter(status=TenderStatus.STANDSTILL, standstill_ends_on__lt=today)
        .select_related("organisation")
        .select_for_update(skip_locked=True, of=("self",))
    )
    moved = 0
    for tender in due:
        tender = tender_transition(tender=tender, to=TenderStatus.READY_TO_AWARD, by=None)
        managers = {
            membership.user
            for membership in tender.organisation.memberships.filter(
                role__in=[Role.COMMISSIONER, Role.ADMIN]
            ).select_related("user")
        }
        if tender.created_by_id:
            managers.add(tender.created_by)
        for user in managers:
            notification_send(
                recipient=user,
                key=f"standstill-ended:{tender.pk}:{user.pk}",
                subject=f"Standstill has ended for {tender.title}",
                body=(
                    f"The standstill period for {tender.title} ({tender.reference}) ended on "
                    f"{uk_date(tender.standstill_ends_on)}. You can now award the contract."
                ),
                url=reverse("procurement:tender_detail", args=[tender.pk]),
            )
        moved += 1
    return moved


@transaction.atomic
def tender_award(
    *,
    tender: Tender,
    start_date: datetime.date,
    end_date: datetime.date,
    by: User,
) -> Tender:
    """Award the contract once standstill has ended: create the contract with the winning
    supplier and carry its social value commitments into it."""
    permissions.require(by, "tender.manage", tender)
    _refuse_if_lots(tender)
    if tender.status not in {TenderStatus.STANDSTILL, TenderStatus.READY_TO_AWARD}:
        raise DomainError("You can award the contract once standstill has ended.")
    if not standstill_has_ended(tender):
        raise DomainError(
            f"Standstill ends at the end of {uk_date(tender.standstill_ends_on)}. "
            "You can award the contract after that."
        )
    if tender.status == TenderStatus.STANDSTILL:
        tender = tender_transition(tender=tender, to=TenderStatus.READY_TO_AWARD, by=by)
    winner = (
        Bid.objects.select_related("supplier")
        .prefetch_related("price_lines", "commitments__measure")
        .get(pk=tender.winning_bid_id)
    )
    if winner.status == BidStatus.WITHDRAWN:
        # A bidder may withdraw until the award; a contract with it cannot be entered.
        raise DomainError(
            f"{winner.supplier} has withdrawn from this tender, so the contract cannot be "
            "awarded to it. Cancel the tender or run the competition again."
        )
    if winner.status == BidStatus.EXCLUDED:
        raise DomainError(
            f"{winner.supplier} was excluded from this tender, so the contract cannot be "
            "awarded to it."
        )
    from procurement.exclusion import debarment_for

    if debarment_for(winner.supplier) is not None:
        raise DomainError(
            f"{winner.supplier} is on the debarment list, so the contract cannot be awarded "
            "to it. Cancel the tender or run the competition again."
        )
    price = bid_price(winner)
    contract = _contract_from_bid(
        tender=tender,
        bid=winner,
        title=tender.title,
        value=price if price is not None else (tender.estimated_value or Decimal(0)),
        start_date=start_date,
        end_date=end_date,
        by=by,
    )
    tender = tender_transition(tender=tender, to=TenderStatus.AWARDED, by=by)
    tender.awarded_at = timezone.now()
    tender.save(update_fields=["awarded_at", "updated_at"])
    audit_record(
        actor=by, verb="awarded", target=tender, changes={"contract": contract.pk, "bid": winner.pk}
    )
    return tender


def _contract_from_bid(
    *,
    tender: Tender,
    bid: Bid,
    title: str,
    value: Decimal,
    start_date: datetime.date,
    end_date: datetime.date,
    by: User,
    with_commitments: bool = True,
) -> Contract:
    """The one way an award becomes a contract, for a whole tender or for one lot: the
    contract register entry with the winning supplier, and the bid's social value
    commitments carried into it."""
    from contracts.models import ContractKind
    from contracts.services import contract_create
    from social_value.services import commitment_add

    contract = contract_create(
        organisation=tender.organisation,
        title=title,
        kind=ContractKind.TENDERED,
        provider=bid.supplier,
        value=value,
        start_date=start_date,
        end_date=end_date,
        commission=tender.commission,
        tender=tender,
        by=by,
    )
    if with_commitments:
        for commitment in bid.commitments.all():
            commitment_add(
                contract=contract,
                measure=commitment.measure,
                quantity=commitment.quantity,
                period=commitment.note or "Over the contract",
                by=by,
            )
    return contract


def _refuse_if_lots(tender: Tender) -> None:
    if tender.lots.exists():
        raise DomainError(
            "This tender has lots. Decide, hold standstill for and award each lot on its own page."
        )


# --- Lots ------------------------------------------------------------------------------------
# Each lot of a tender is decided, held in standstill and awarded on its own, as its own
# contract. The tender follows its lots: it moves to "award decision" once every lot is
# decided, to "standstill" when the first lot's standstill starts, and to "awarded" when
# the last lot is awarded.
LOT_ALLOWED: dict[str, set[str]] = {
    LotStatus.OPEN: {LotStatus.AWARD_DECISION, LotStatus.NO_AWARD},
    LotStatus.AWARD_DECISION: {LotStatus.STANDSTILL},
    LotStatus.STANDSTILL: {LotStatus.AWARDED},
    LotStatus.AWARDED: set(),
    LotStatus.NO_AWARD: set(),
}
LOT_FINISHED = frozenset({LotStatus.AWARDED, LotStatus.NO_AWARD})


def lot_transition(*, lot: Lot, to: str, by: User | None, also: dict | None = None) -> Lot:
    """The only place a lot's status changes; only the buyer's managers move a lot."""
    return lifecycle.transition(
        lot, to=to, allowed=LOT_ALLOWED, by=by, action="tender.manage", also=also, noun="lot"
    )


def _lots(count: int) -> str:
    return f"{count} lot{'' if count == 1 else 's'}"


def _winner_within_limit(lot: Lot, ranked: list[BidResult]) -> tuple[Bid | None, str]:
    """The highest-ranked bid whose supplier may still win a lot, and, if higher-ranked
    bids were passed over because of the buyer's limit on lots won, why."""
    if not ranked:
        return None, "No bids were submitted for this lot."
    limit = lot.tender.max_lots_won
    if limit is None:
        return ranked[0].bid, ""
    won = Counter(
        Lot.objects.filter(tender_id=lot.tender_id, winning_bid__isnull=False)
        .exclude(pk=lot.pk)
        .values_list("winning_bid__supplier_id", flat=True)
    )
    passed: list[str] = []
    for result in ranked:
        if won[result.bid.supplier_id] < limit:
            note = ""
            if passed:
                note = (
                    f"{', '.join(passed)} ranked higher but already won {_lots(limit)} in this "
                    f"tender, the most one supplier may win, so the lot goes to "
                    f"{result.bid.supplier} (ranked {result.rank})."
                )
            return result.bid, note
        passed.append(str(result.bid.supplier))
    return None, (
        f"Every bidder for this lot has already won {_lots(limit)} in this tender, the most "
        "one supplier may win."
    )


@transaction.atomic
def lot_award_decision_make(*, lot: Lot, rationale: str, by: User) -> Lot:
    """Decide one lot's award while the tender is in evaluation: the highest-ranked bid
    for the lot once every answer has a consensus score. If the buyer limits how many
    lots one supplier may win, a supplier already chosen for that many is passed over for
    the next bid, and the decision says so. A lot no one can win is recorded as not
    awarded, with the reasons."""
    tender = lot.tender
    permissions.require(by, "tender.manage", tender)
    if tender.status != TenderStatus.EVALUATION:
        raise DomainError("You can decide the award once evaluation is under way.")
    if lot.status != LotStatus.OPEN:
        raise DomainError(f"The award for {lot} has already been decided.")
    ranked = lot_results(lot)
    if ranked and not fully_moderated(tender, ranked):
        raise DomainError(
            f"Agree a consensus score for every answer from the bids for {lot} before you "
            "decide its award."
        )
    if not rationale.strip():
        raise DomainError("Give the reasons for the award decision.", field="rationale")
    winner, note = _winner_within_limit(lot, ranked)
    lot = lot_transition(
        lot=lot,
        to=LotStatus.AWARD_DECISION if winner else LotStatus.NO_AWARD,
        by=by,
        also={
            "winning_bid": winner,
            "award_decided_at": timezone.now(),
            "award_decided_by": by,
            "award_rationale": rationale.strip(),
            "award_note": note,
        },
    )
    audit_record(
        actor=by,
        verb="lot award decided",
        target=tender,
        changes={"lot": lot.pk, "winning_bid": winner.pk if winner else None, "note": note},
    )
    if not tender.lots.filter(status=LotStatus.OPEN).exists():
        tender_transition(tender=tender, to=TenderStatus.AWARD_DECISION, by=by)
    return lot


@transaction.atomic
def _lot_standstill_start(*, lot: Lot, by: User) -> Lot:
    """Start one lot's standstill and send each of its bidders a feedback letter, when its
    contract award notice is published (`procurement.award_notices`). Every lot's award
    must be decided first. The period is the buyer's number of UK working
    days, counted for this lot alone; its contract cannot be entered before it ends."""
    from procurement.tasks import issue_feedback_letters

    tender = lot.tender
    permissions.require(by, "tender.manage", tender)
    if tender.status not in {TenderStatus.AWARD_DECISION, TenderStatus.STANDSTILL}:
        raise DomainError("Decide the award for every lot before any standstill starts.")
    days = standstill_working_days(tender)
    lot = lot_transition(
        lot=lot,
        to=LotStatus.STANDSTILL,
        by=by,
        also={"standstill_ends_on": add_working_days(timezone.localdate(), days)},
    )
    bids = list(tender.bids.filter(status=BidStatus.SUBMITTED, bid_lots__lot=lot))
    for bid in bids:
        FeedbackLetter.objects.get_or_create(bid=bid)
    bidder_feedback_ask(tender=tender, supplier_ids=[bid.supplier_id for bid in bids])
    lifecycle.follow(
        tender,
        to=TenderStatus.STANDSTILL,
        sources={TenderStatus.AWARD_DECISION},
        allowed=ALLOWED,
        by=by,
        reason=f"standstill started for {lot}",
    )
    tender_pk = tender.pk
    enqueue_on_commit(issue_feedback_letters, tender_pk)
    return lot


@transaction.atomic
def lot_award(*, lot: Lot, start_date: datetime.date, end_date: datetime.date, by: User) -> Lot:
    """Award one lot once its standstill has ended: its own contract with the winning
    supplier, at the bid's price for this lot. A supplier's social value commitments are
    carried into the first contract it is awarded in the tender, not repeated in each.
    The tender is awarded when its last lot is."""
    tender = lot.tender
    permissions.require(by, "tender.manage", tender)
    if lot.status != LotStatus.STANDSTILL:
        raise DomainError(f"You can award {lot} once its standstill has ended.")
    if not standstill_has_ended(lot):
        raise DomainError(
            f"Standstill for {lot} ends at the end of {uk_date(lot.standstill_ends_on)}. "
            "You can award it after that."
        )
    winner = (
        Bid.objects.select_related("supplier")
        .prefetch_related("commitments__measure")
        .get(pk=lot.winning_bid_id)
    )
    if winner.status == BidStatus.WITHDRAWN:
        raise DomainError(
            f"{winner.supplier} has withdrawn from this tender, so {lot} cannot be awarded "
            "to it. Cancel the tender or run the competition again."
        )
    price = bid_price_for_lot(winner, lot)
    already_carried = tender.lots.filter(
        winning_bid__supplier_id=winner.supplier_id, contract__isnull=False
    ).exists()
    contract = _contract_from_bid(
        tender=tender,
        bid=winner,
        title=f"{tender.title}: {lot.title}",
        value=price if price is not None else (lot.estimated_value or Decimal(0)),
        start_date=start_date,
        end_date=end_date,
        by=by,
        with_commitments=not already_carried,
    )
    lot = lot_transition(
        lot=lot,
        to=LotStatus.AWARDED,
        by=by,
        also={"awarded_at": timezone.now(), "contract": contract},
    )
    if not tender.lots.exclude(status__in=LOT_FINISHED).exists():
        tender = tender_transition(tender=tender, to=TenderStatus.READY_TO_AWARD, by=by)
        tender = tender_transition(tender=tender, to=TenderStatus.AWARDED, by=by)
        tender.awarded_at = timezone.now()
        tender.save(update_fields=["awarded_at", "updated_at"])
    return lot


# --- Feedback letters ------------------------------------------------------------------------
def feedback_letters_issue(*, tender_id: int) -> int:
    """Make each bidder's feedback letter PDF and email it to the people who bid.

    Safe to run twice: a letter already sent is not sent again. Runs outside one big
    transaction so that each letter's PDF is made and stored on its own.
    """
    from django.core.mail import EmailMessage

    from reports.services import report_render, report_request

    tender = Tender.objects.select_related("award_decided_by").get(pk=tender_id)
    sent = 0
    letters = FeedbackLetter.objects.filter(bid__tender=tender, sent_at=None).select_related(
        "bid__supplier"
    )
    for letter in letters:
        with transaction.atomic():
            if letter.report_id is None:
                letter.report = report_request(
                    kind="feedback_letter", target=letter.bid, requested_by=tender.award_decided_by
                )
                letter.save(update_fields=["report"])
        report = report_render(report_id=letter.report_id)
        if not report.file:
            continue
        recipients = [
            membership.user
            for membership in letter.bid.supplier.memberships.filter(
                role__in=[Role.SUPPLIER, Role.ADMIN]
            ).select_related("user")
        ]
        url = reverse("procurement:feedback_letter", args=[letter.bid.pk])
        with report.file.open("rb") as pdf_file:
            content = pdf_file.read()
        from django.conf import settings

        message = EmailMessage(
            subject=f"[Kindred] Your feedback for {tender.title}",
            body=(
                f"Thank you for bidding for {tender.title} ({tender.reference}). Your feedback "
                "letter is attached. It shows your scores, the winning bid's scores and the "
                "reasons, to help you next time.\n\n"
                f"You can also download it at {settings.SITE_URL}{url}\n\n"
                f"The standstill period ends on {uk_date(tender.standstill_ends_on)}."
            ),
            to=[user.email for user in recipients],
        )
        message.attach(f"feedback-{tender.reference}.pdf", content, "application/pdf")
        message.send()
        with transaction.atomic():
            letter.sent_at = timezone.now()
            letter.save(update_fields=["sent_at"])
            audit_record(
                actor=None,
                verb="feedback letter sent",
                target=letter.bid,
                changes={"recipients": len(recipients)},
                organisation=letter.bid.supplier,
            )
        sent += 1
    return sent
