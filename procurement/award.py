"""Award: the decision, the standstill period in UK working days, feedback letters
(assessment summaries) and the contract that follows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import holidays
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import Role, User
from accounts.services import audit_record, notification_send
from core.errors import DomainError
from core.formatting import uk_date
from procurement.models import (
    Bid,
    BidStatus,
    BuyerProcurementSettings,
    FeedbackLetter,
    Procedure,
    Tender,
    TenderStatus,
)
from procurement.results import bid_price, fully_moderated, tender_results
from procurement.services import tender_transition

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
def standstill_start(*, tender: Tender, by: User) -> Tender:
    """Start the standstill period and send every assessed bidder its feedback letter.

    The period ends after the buyer's number of UK working days (8 unless the buyer set
    more). The contract cannot be entered before it ends.
    """
    from procurement.tasks import issue_feedback_letters

    permissions.require(by, "tender.manage", tender)
    tender = tender_transition(tender=tender, to=TenderStatus.STANDSTILL, by=by)
    days = standstill_working_days(tender)
    tender.standstill_ends_on = add_working_days(timezone.localdate(), days)
    tender.save(update_fields=["standstill_ends_on", "updated_at"])
    # A direct award assessed no competing bids, so there is no assessment summary to send.
    if tender.procedure != Procedure.DIRECT_AWARD:
        for bid in tender.bids.filter(status=BidStatus.SUBMITTED):
            FeedbackLetter.objects.get_or_create(bid=bid)
    audit_record(
        actor=by,
        verb="standstill started",
        target=tender,
        changes={"ends_on": tender.standstill_ends_on.isoformat(), "working_days": days},
    )
    tender_pk = tender.pk
    transaction.on_commit(lambda: issue_feedback_letters.delay(tender_pk))
    return tender


def standstill_has_ended(tender: Tender, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return tender.standstill_ends_on is not None and today > tender.standstill_ends_on


@transaction.atomic
def standstill_ends_process(*, now: datetime.datetime) -> int:
    """Move every tender whose standstill has ended to "ready to award" and remind the
    people who manage it, once. Safe to run as often as the scheduler likes."""
    today = timezone.localdate(now)
    due = Tender.objects.filter(
        status=TenderStatus.STANDSTILL, standstill_ends_on__lt=today
    ).select_related("organisation")
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
    from contracts.models import ContractKind
    from contracts.services import contract_create

    permissions.require(by, "tender.manage", tender)
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
    contract = contract_create(
        organisation=tender.organisation,
        title=tender.title,
        kind=ContractKind.TENDERED,
        provider=winner.supplier,
        value=price if price is not None else (tender.estimated_value or Decimal(0)),
        start_date=start_date,
        end_date=end_date,
        commission=tender.commission,
        tender=tender,
        by=by,
    )
    from social_value.services import commitment_add

    for commitment in winner.commitments.all():
        commitment_add(
            contract=contract,
            measure=commitment.measure,
            quantity=commitment.quantity,
            period=commitment.note or "Over the contract",
            by=by,
        )
    tender = tender_transition(tender=tender, to=TenderStatus.AWARDED, by=by)
    tender.awarded_at = timezone.now()
    tender.save(update_fields=["awarded_at", "updated_at"])
    audit_record(
        actor=by, verb="awarded", target=tender, changes={"contract": contract.pk, "bid": winner.pk}
    )
    return tender


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
