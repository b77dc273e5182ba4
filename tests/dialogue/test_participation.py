"""Taking part in a tender, dialogue's side: the private message thread, marking the
specification as read, and the market-shaping insight that withdrawals feed. Joining and
withdrawing are tested in tests/procurement/test_participation.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent, Notification
from core.errors import DomainError
from dialogue.models import TenderMessage
from dialogue.participation import insight, services
from procurement import services as procurement_services
from procurement.models import TenderParticipant, WithdrawalReason
from tests.commissioning.factories import MissionFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import PublishedTenderFactory, TenderQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tender(council, commissioner):
    tender = PublishedTenderFactory(organisation=council, created_by=commissioner)
    TenderQuestionFactory(tender=tender, text="How will you involve residents?", word_limit=20)
    return tender


@pytest.fixture
def participant(tender, supplier_org, supplier_user):
    return procurement_services.participant_join(
        tender=tender, supplier=supplier_org, by=supplier_user
    )


@pytest.fixture
def other_participant(tender, other_supplier_org, other_supplier_user):
    return procurement_services.participant_join(
        tender=tender, supplier=other_supplier_org, by=other_supplier_user
    )


def _withdraw(participant, by, reason=WithdrawalReason.RISK, detail="Too much risk."):
    return procurement_services.participant_withdraw(
        participant=participant, reason=reason, detail=detail, by=by
    )


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
        participant = procurement_services.participant_join(
            tender=tender, supplier=supplier, by=person
        )
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
