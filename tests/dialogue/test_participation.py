"""Taking part in a tender: joining, withdrawing with a reason, the private message thread,
marking the specification as read, and the market-shaping insight that withdrawals feed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.errors import DomainError
from accounts.models import AuditEvent, Notification
from dialogue.models import TenderMessage, TenderParticipant, WithdrawalReason
from dialogue.participation import insight, services
from procurement import services as procurement_services
from procurement.models import BidStatus, TenderStatus
from tests.commissioning.factories import MissionFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
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


@pytest.fixture
def other_participant(tender, other_supplier_org, other_supplier_user):
    return services.participant_join(
        tender=tender, supplier=other_supplier_org, by=other_supplier_user
    )


def _withdraw(participant, by, reason=WithdrawalReason.RISK, detail="Too much risk."):
    return services.participant_withdraw(
        participant=participant, reason=reason, detail=detail, by=by
    )


# --- Joining ----------------------------------------------------------------------------------
def test_starting_a_bid_makes_the_supplier_a_participant(tender, supplier_org, supplier_user):
    procurement_services.bid_start(tender=tender, supplier=supplier_org, by=supplier_user)
    participant = TenderParticipant.objects.get(tender=tender, supplier=supplier_org)
    assert participant.last_seen_version == tender.specification_version


def test_a_supplier_that_withdrew_cannot_start_a_bid(
    tender, participant, supplier_org, supplier_user
):
    _withdraw(participant, supplier_user)
    with pytest.raises(DomainError, match="withdrew from this tender"):
        procurement_services.bid_start(tender=tender, supplier=supplier_org, by=supplier_user)


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
        procurement_services.bid_submit(bid=bid, by=supplier_user)


def test_a_bid_withdrawn_on_its_own_can_still_be_submitted_again(
    tender, participant, supplier_org, supplier_user
):
    # Withdrawing a bid (to change it) is not withdrawing from the tender.
    bid = BidFactory(tender=tender, supplier=supplier_org, status=BidStatus.SUBMITTED)
    BidAnswerFactory(bid=bid, question=tender.questions.get(), text="Our answer.")
    procurement_services.bid_withdraw(bid=bid, by=supplier_user)
    procurement_services.bid_submit(bid=bid, by=supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED


# --- Messages -----------------------------------------------------------------------------
def test_supplier_message_is_audited_with_its_body_and_notifies_the_buyer(
    participant, supplier_user, commissioner
):
    message = services.message_send(
        participant=participant, body="  Can we visit the site?  ", by=supplier_user
    )
    assert message.body == "Can we visit the site?"
    assert message.from_buyer is False
    event = AuditEvent.objects.get(verb="message sent")
    assert event.changes["body"] == "Can we visit the site?"
    assert Notification.objects.filter(recipient=commissioner).count() == 1


def test_buyer_reply_notifies_every_supplier_person_once(
    participant, supplier_org, supplier_user, commissioner
):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=supplier_org, role="admin")
    message = services.message_send(participant=participant, body="Yes, Tuesday.", by=commissioner)
    assert message.from_buyer is True
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        supplier_user.pk,
        colleague.pk,
    }


@pytest.mark.parametrize("person", ["other_supplier_user", "viewer", "evaluator"])
def test_others_cannot_send_messages_in_a_thread(participant, person, request):
    with pytest.raises(PermissionDenied):
        services.message_send(
            participant=participant, body="Hello", by=request.getfixturevalue(person)
        )
    assert not TenderMessage.objects.exists()


def test_a_message_needs_text_and_at_most_5000_characters(participant, supplier_user):
    with pytest.raises(DomainError, match="Enter your message"):
        services.message_send(participant=participant, body="   ", by=supplier_user)
    with pytest.raises(DomainError, match="5,000 characters or fewer"):
        services.message_send(participant=participant, body="x" * 5001, by=supplier_user)
    services.message_send(participant=participant, body="x" * 5000, by=supplier_user)


def test_a_withdrawn_supplier_cannot_send_messages_but_the_buyer_can(
    participant, supplier_user, commissioner
):
    _withdraw(participant, supplier_user)
    with pytest.raises(DomainError, match="cannot send messages"):
        services.message_send(participant=participant, body="One more thing", by=supplier_user)
    services.message_send(participant=participant, body="Thanks for telling us.", by=commissioner)


# --- Specification read receipts -----------------------------------------------------------
def test_marking_as_read_records_the_current_version(tender, participant, supplier_user):
    participant.last_seen_version = None
    participant.save()
    services.participant_version_seen(participant=participant, by=supplier_user)
    participant.refresh_from_db()
    assert participant.last_seen_version == tender.specification_version


def test_another_supplier_cannot_mark_a_participants_version_read(participant, other_supplier_user):
    with pytest.raises(PermissionDenied):
        services.participant_version_seen(participant=participant, by=other_supplier_user)


# --- Market-shaping insight ------------------------------------------------------------------
def _many_participants(tender, count, *, withdraw_every=2):
    types = ["micro", "charity", "social_enterprise", "large"]
    reasons = [WithdrawalReason.RISK, WithdrawalReason.TIMESCALE, WithdrawalReason.BID_COST]
    for number in range(count):
        supplier = OrganisationFactory(kind="supplier", supplier_type=types[number % len(types)])
        person = UserFactory()
        MembershipFactory(user=person, organisation=supplier, role="supplier")
        participant = services.participant_join(tender=tender, supplier=supplier, by=person)
        if number % withdraw_every == 0:
            _withdraw(participant, person, reason=reasons[number % len(reasons)], detail="")


def test_tender_insight_counts_and_groups_withdrawals(
    tender, participant, other_participant, supplier_user, other_supplier_user
):
    _withdraw(other_participant, other_supplier_user, reason=WithdrawalReason.PRICE, detail="")
    result = insight.tender_insight(tender)
    assert (result.joined, result.active, result.withdrawn) == (2, 1, 1)
    assert [(row.key, row.count) for row in result.by_reason] == [("price", 1)]
    by_type = {row.key: (row.joined, row.withdrawn) for row in result.by_type}
    assert by_type == {"cooperative": (1, 0), "large": (1, 1)}
    [row] = result.withdrawals
    assert row.supplier == other_participant.supplier
    assert row.stage == "published"


def test_mission_insight_covers_every_tender_for_the_mission(council, commissioner):
    mission = MissionFactory(organisation=council)
    first = PublishedTenderFactory(organisation=council, created_by=commissioner)
    second = PublishedTenderFactory(organisation=council, created_by=commissioner)
    unrelated = PublishedTenderFactory(organisation=council, created_by=commissioner)
    first.commission.missions.add(mission)
    second.commission.missions.add(mission)
    _many_participants(first, 3)
    _many_participants(second, 2)
    _many_participants(unrelated, 4)
    result = insight.mission_insight(mission)
    assert (result.joined, result.withdrawn) == (5, 3)
    rows = {row.tender.pk: (row.joined, row.withdrawn) for row in insight.mission_tenders(mission)}
    assert rows == {first.pk: (3, 2), second.pk: (2, 1)}


def test_insight_costs_the_same_queries_however_many_withdraw(tender):
    _many_participants(tender, 3)
    with CaptureQueriesContext(connection) as few:
        insight.tender_insight(tender)
    _many_participants(tender, 30)
    with CaptureQueriesContext(connection) as many:
        result = insight.tender_insight(tender)
    assert result.joined == 33
    assert len(many) == len(few)


# --- Demo data -----------------------------------------------------------------------------------
def test_demo_withdraws_the_large_supplier_and_adds_a_thread_however_often_it_runs(
    council, commissioner
):
    from dialogue.participation import demo

    tender = PublishedTenderFactory(
        organisation=council, created_by=commissioner, status="dialogue"
    )
    people = {demo.COMMISSIONER: commissioner}
    for email, supplier_type in zip(
        demo.SUPPLIERS, ["micro", "charity", "social_enterprise", "large"], strict=True
    ):
        supplier = OrganisationFactory(kind="supplier", supplier_type=supplier_type)
        people[email] = UserFactory(email=email)
        MembershipFactory(user=people[email], organisation=supplier, role="supplier")
    first = demo.load(tender=tender, people=people)
    second = demo.load(tender=tender, people=people)
    assert first == second
    assert TenderParticipant.objects.filter(tender=tender).count() == 4
    [withdrawn] = TenderParticipant.objects.filter(withdrawn_at__isnull=False)
    assert withdrawn.supplier.supplier_type == "large"
    assert withdrawn.withdrawal_reason == WithdrawalReason.RISK
    assert withdrawn.withdrawal_detail
    assert TenderMessage.objects.count() == 3
    assert TenderMessage.objects.filter(from_buyer=True).count() == 1
