"""Taking part in a tender: joining, and withdrawing with a reason (which withdraws the bid
and stops the supplier bidding again)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent, Notification
from core.errors import DomainError
from procurement import selectors, services
from procurement.models import BidStatus, TenderParticipant, TenderStatus, WithdrawalReason
from tests.procurement.factories import (
    BidAnswerFactory,
    BidFactory,
    PublishedTenderFactory,
    TenderQuestionFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def tender(council, commissioner):
    tender = PublishedTenderFactory(organisation=council, created_by=commissioner)
    TenderQuestionFactory(tender=tender, text="How will you involve residents?", word_limit=20)
    return tender


@pytest.fixture
def participant(tender, supplier_org, supplier_user):
    return services.participant_join(tender=tender, supplier=supplier_org, by=supplier_user)


def _withdraw(participant, by, reason=WithdrawalReason.RISK, detail="Too much risk."):
    return services.participant_withdraw(
        participant=participant, reason=reason, detail=detail, by=by
    )


# --- Joining ----------------------------------------------------------------------------------
def test_starting_a_bid_makes_the_supplier_a_participant(tender, supplier_org, supplier_user):
    services.bid_start(tender=tender, supplier=supplier_org, by=supplier_user)
    participant = TenderParticipant.objects.get(tender=tender, supplier=supplier_org)
    assert participant.last_seen_version == tender.specification_version


def test_a_supplier_that_withdrew_cannot_start_a_bid(
    tender, participant, supplier_org, supplier_user
):
    _withdraw(participant, supplier_user)
    with pytest.raises(DomainError, match="withdrew from this tender"):
        services.bid_start(tender=tender, supplier=supplier_org, by=supplier_user)


def test_a_supplier_that_withdrew_cannot_rejoin(tender, participant, supplier_org, supplier_user):
    _withdraw(participant, supplier_user)
    with pytest.raises(DomainError, match="cannot take part again"):
        services.participant_join(tender=tender, supplier=supplier_org, by=supplier_user)


# --- Withdrawing -----------------------------------------------------------------------------
def test_withdrawal_records_reason_detail_and_who(participant, supplier_user):
    result = _withdraw(participant, supplier_user, detail="  The liability cap is too high.  ")
    assert result.withdrawn_by == supplier_user
    assert result.withdrawal_reason == WithdrawalReason.RISK
    assert result.withdrawal_detail == "The liability cap is too high."
    event = AuditEvent.objects.get(verb="withdrew from tender")
    assert event.changes["reason"] == "risk"
    assert event.changes["stage"] == "published"


def test_withdrawal_notifies_the_tender_creator_once(participant, supplier_user, commissioner):
    _withdraw(participant, supplier_user)
    notification = Notification.objects.get(recipient=commissioner)
    assert "withdrew" in notification.subject
    assert "Too much risk" in notification.body


def test_withdrawal_needs_a_reason_from_the_list(participant, supplier_user):
    with pytest.raises(DomainError, match="Choose why"):
        _withdraw(participant, supplier_user, reason="")
    with pytest.raises(DomainError, match="Choose why"):
        _withdraw(participant, supplier_user, reason="bored")
    participant.refresh_from_db()
    assert participant.withdrawn_at is None


def test_another_reason_needs_an_explanation(participant, supplier_user):
    with pytest.raises(DomainError, match="Tell the buyer why"):
        _withdraw(participant, supplier_user, reason=WithdrawalReason.OTHER, detail="   ")
    _withdraw(participant, supplier_user, reason=WithdrawalReason.OTHER, detail="We merged.")


def test_a_listed_reason_needs_no_explanation(participant, supplier_user):
    result = _withdraw(participant, supplier_user, reason=WithdrawalReason.TIMESCALE, detail="")
    assert result.withdrawal_detail == ""


def test_explanation_is_limited_to_2000_characters(participant, supplier_user):
    with pytest.raises(DomainError, match="2,000 characters or fewer"):
        _withdraw(participant, supplier_user, detail="x" * 2001)
    _withdraw(participant, supplier_user, detail="x" * 2000)


def test_withdrawing_twice_is_refused(participant, supplier_user):
    _withdraw(participant, supplier_user)
    with pytest.raises(DomainError, match="already withdrew"):
        _withdraw(participant, supplier_user)


@pytest.mark.parametrize("person", ["commissioner", "other_supplier_user", "viewer"])
def test_only_the_suppliers_own_people_can_withdraw_it(participant, person, request):
    with pytest.raises(PermissionDenied):
        _withdraw(participant, request.getfixturevalue(person))


@pytest.mark.parametrize(
    "status",
    [
        TenderStatus.PUBLISHED,
        TenderStatus.DIALOGUE,
        TenderStatus.FINAL_SUBMISSIONS,
        TenderStatus.CLOSED,
        TenderStatus.EVALUATION,
        TenderStatus.AWARD_DECISION,
        TenderStatus.STANDSTILL,
        TenderStatus.READY_TO_AWARD,
    ],
)
def test_a_supplier_can_withdraw_at_any_stage_before_award(
    status, tender, participant, supplier_user
):
    type(tender).objects.filter(pk=tender.pk).update(status=status)
    participant.tender.refresh_from_db()
    result = _withdraw(participant, supplier_user)
    assert result.withdrawn_at is not None
    assert AuditEvent.objects.get(verb="withdrew from tender").changes["stage"] == status


@pytest.mark.parametrize("status", [TenderStatus.AWARDED, TenderStatus.CANCELLED])
def test_withdrawal_is_refused_once_awarded_or_cancelled(
    status, tender, participant, supplier_user
):
    type(tender).objects.filter(pk=tender.pk).update(status=status)
    with pytest.raises(DomainError, match="nothing to withdraw from"):
        _withdraw(participant, supplier_user)


def test_a_submitted_bid_is_withdrawn_even_after_the_deadline(
    tender, participant, supplier_org, supplier_user
):
    bid = BidFactory(tender=tender, supplier=supplier_org, status=BidStatus.SUBMITTED)
    with time_machine.travel(tender.submission_deadline + DAY):
        _withdraw(participant, supplier_user, detail="We lost our partner.")
    bid.refresh_from_db()
    assert bid.status == BidStatus.WITHDRAWN
    assert bid.withdrawn_at is not None
    assert "We lost our partner." in bid.withdrawal_reason


def test_a_draft_bid_is_withdrawn_and_cannot_be_submitted(
    tender, participant, supplier_org, supplier_user
):
    bid = BidFactory(tender=tender, supplier=supplier_org)
    BidAnswerFactory(bid=bid, question=tender.questions.get(), text="Our answer.")
    _withdraw(participant, supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.WITHDRAWN
    with pytest.raises(DomainError, match="withdrew from this tender"):
        services.bid_submit(bid=bid, by=supplier_user)


def test_a_bid_withdrawn_on_its_own_can_still_be_submitted_again(
    tender, participant, supplier_org, supplier_user
):
    # Withdrawing a bid (to change it) is not withdrawing from the tender.
    bid = BidFactory(tender=tender, supplier=supplier_org, status=BidStatus.SUBMITTED)
    BidAnswerFactory(bid=bid, question=tender.questions.get(), text="Our answer.")
    services.bid_withdraw(bid=bid, by=supplier_user)
    services.bid_submit(bid=bid, by=supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED


# --- Reads ------------------------------------------------------------------------------------
def test_a_withdrawn_supplier_is_no_longer_active_and_has_withdrawn(
    tender, participant, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    other = services.participant_join(
        tender=tender, supplier=other_supplier_org, by=other_supplier_user
    )
    _withdraw(participant, supplier_user)
    assert list(selectors.participants_active(tender)) == [other]
    assert selectors.supplier_has_withdrawn(tender_id=tender.pk, supplier_id=supplier_org.pk)
    assert not selectors.supplier_has_withdrawn(
        tender_id=tender.pk, supplier_id=other_supplier_org.pk
    )
