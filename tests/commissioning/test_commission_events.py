"""What moves a commission on: tenders published and cancelled, contracts added and ended.

Each event is raised by the real procurement or contracts service; the commission's
starting status is set directly, as a person would have reached it on its own page.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent
from commissioning import services
from commissioning.models import Commission, CommissionStatus
from contracts import services as contracts
from procurement import services as procurement
from tests.procurement.factories import TenderFactory, TenderQuestionFactory

pytestmark = pytest.mark.django_db


def _in(commission: Commission, status: str) -> Commission:
    Commission.objects.filter(pk=commission.pk).update(status=status)
    commission.refresh_from_db()
    return commission


def _status(commission: Commission) -> str:
    return Commission.objects.get(pk=commission.pk).status


def _moves(commission: Commission) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(Commission),
            target_id=str(commission.pk),
            verb="status",
        ).order_by("pk")
    )


def _draft_tender(commission: Commission, commissioner):
    # Later tenders for the commission use the version of its specification the first made.
    earlier = commission.tenders.first()
    version = {"specification_version": earlier.specification_version} if earlier else {}
    tender = TenderFactory(
        organisation=commission.organisation,
        commission=commission,
        created_by=commissioner,
        **version,
    )
    TenderQuestionFactory(tender=tender, word_limit=20)
    return tender


def _published_tender(commission: Commission, commissioner):
    tender = _draft_tender(commission, commissioner)
    return procurement.tender_publish(tender=tender, by=commissioner)


def _contract(organisation, commission: Commission | None, by, title: str = "Food hubs"):
    return contracts.contract_create(
        organisation=organisation,
        title=title,
        kind="in_house",
        provider_name="Estate services team",
        value=100000,
        start_date=datetime.date(2027, 4, 1),
        end_date=datetime.date(2029, 3, 31),
        commission=commission,
        by=by,
    )


# --- Tenders -----------------------------------------------------------------------------
def test_the_first_tender_published_puts_a_decided_commission_in_procurement(
    commission, commissioner
):
    _in(commission, CommissionStatus.ROUTE_DECIDED)
    _published_tender(commission, commissioner)
    assert _status(commission) == CommissionStatus.IN_PROCUREMENT
    [move] = _moves(commission)
    assert move.actor == commissioner
    assert move.changes == {
        "status": ["route_decided", "in_procurement"],
        "reason": "A tender was published.",
    }


def test_a_second_tender_published_changes_and_records_nothing(commission, commissioner):
    _in(commission, CommissionStatus.ROUTE_DECIDED)
    _published_tender(commission, commissioner)
    _published_tender(commission, commissioner)
    assert _status(commission) == CommissionStatus.IN_PROCUREMENT
    assert len(_moves(commission)) == 1


def test_a_tender_published_after_review_puts_the_commission_back_in_procurement(
    commission, commissioner
):
    _in(commission, CommissionStatus.UNDER_REVIEW)
    _published_tender(commission, commissioner)
    assert _status(commission) == CommissionStatus.IN_PROCUREMENT


@pytest.mark.parametrize("status", [CommissionStatus.SCOPING, CommissionStatus.OPTIONS_APPRAISAL])
def test_a_tender_does_not_decide_the_route_for_a_person(commission, commissioner, status):
    _in(commission, status)
    _published_tender(commission, commissioner)
    assert _status(commission) == status
    assert _moves(commission) == []


def test_cancelling_the_only_live_tender_takes_the_commission_back_to_route_decided(
    commission, commissioner
):
    _in(commission, CommissionStatus.ROUTE_DECIDED)
    tender = _published_tender(commission, commissioner)
    procurement.tender_cancel(tender=tender, reason="The budget was withdrawn.", by=commissioner)
    assert _status(commission) == CommissionStatus.ROUTE_DECIDED
    assert _moves(commission)[-1].changes == {
        "status": ["in_procurement", "route_decided"],
        "reason": "Its last live tender was cancelled.",
    }


def test_cancelling_one_of_two_live_tenders_leaves_the_commission_in_procurement(
    commission, commissioner
):
    _in(commission, CommissionStatus.ROUTE_DECIDED)
    first = _published_tender(commission, commissioner)
    second = _published_tender(commission, commissioner)
    # A draft is not live: it does not keep the commission in procurement.
    _draft_tender(commission, commissioner)
    procurement.tender_cancel(tender=first, reason="Split into lots.", by=commissioner)
    assert _status(commission) == CommissionStatus.IN_PROCUREMENT
    procurement.tender_cancel(tender=second, reason="No longer needed.", by=commissioner)
    assert _status(commission) == CommissionStatus.ROUTE_DECIDED


def test_cancelling_a_draft_leaves_a_commission_that_is_not_in_procurement_alone(
    commission, commissioner
):
    _in(commission, CommissionStatus.ROUTE_DECIDED)
    tender = _draft_tender(commission, commissioner)
    procurement.tender_cancel(tender=tender, reason="Started by mistake.", by=commissioner)
    assert _status(commission) == CommissionStatus.ROUTE_DECIDED
    assert _moves(commission) == []


# --- Contracts ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "status",
    [
        CommissionStatus.ROUTE_DECIDED,
        CommissionStatus.IN_PROCUREMENT,
        CommissionStatus.UNDER_REVIEW,
    ],
)
def test_a_contract_for_the_commission_puts_it_in_delivery(
    council, commission, contract_manager, status
):
    # A contract manager may not change the commission by hand: the event still moves it.
    _in(commission, status)
    _contract(council, commission, contract_manager)
    assert _status(commission) == CommissionStatus.IN_DELIVERY
    [move] = _moves(commission)
    assert move.actor == contract_manager
    assert move.changes["reason"] == "A contract for it was added to the register."


def test_a_second_contract_changes_and_records_nothing(council, commission, contract_manager):
    _in(commission, CommissionStatus.ROUTE_DECIDED)
    _contract(council, commission, contract_manager)
    _contract(council, commission, contract_manager, "Food hubs, second phase")
    assert _status(commission) == CommissionStatus.IN_DELIVERY
    assert len(_moves(commission)) == 1


def test_a_contract_does_not_decide_the_route_for_a_person(council, commission, contract_manager):
    _contract(council, commission, contract_manager)
    assert _status(commission) == CommissionStatus.SCOPING
    assert _moves(commission) == []


def test_the_commission_is_under_review_once_all_its_contracts_have_ended(
    council, commission, contract_manager
):
    _in(commission, CommissionStatus.ROUTE_DECIDED)
    first = _contract(council, commission, contract_manager)
    second = _contract(council, commission, contract_manager, "Food hubs, second phase")
    contracts.contract_start(contract=first, by=contract_manager)
    contracts.contract_expire(contract=first, by=contract_manager)
    assert _status(commission) == CommissionStatus.IN_DELIVERY
    contracts.contract_terminate(contract=second, reason="The venue closed.", by=contract_manager)
    assert _status(commission) == CommissionStatus.UNDER_REVIEW
    assert _moves(commission)[-1].changes == {
        "status": ["in_delivery", "under_review"],
        "reason": "All its contracts have ended.",
    }


def test_a_contract_without_a_commission_ends_without_moving_one(
    council, commission, contract_manager
):
    _in(commission, CommissionStatus.IN_DELIVERY)
    contract = _contract(council, None, contract_manager)
    contracts.contract_terminate(contract=contract, reason="Not needed.", by=contract_manager)
    assert _status(commission) == CommissionStatus.IN_DELIVERY


EVENTS = [
    services.commission_procurement_started,
    services.commission_procurement_stopped,
    services.commission_delivery_started,
    services.commission_delivery_ended,
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.__name__)
@pytest.mark.parametrize("status", list(CommissionStatus), ids=str)
def test_an_event_from_any_status_moves_only_as_the_lifecycle_allows_or_not_at_all(
    commission, commissioner, event, status
):
    _in(commission, status)
    moved = event(commission=commission, by=commissioner)
    if moved.status != status:
        assert moved.status in services.ALLOWED[status]
        assert len(_moves(commission)) == 1
    else:
        assert _moves(commission) == []


# --- The commission page -----------------------------------------------------------------
def test_the_page_offers_only_the_moves_a_person_decides_and_says_what_moves_the_rest(
    client, commission, commissioner
):
    _in(commission, CommissionStatus.ROUTE_DECIDED)
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:commission_detail", args=[commission.pk]))
    assertContains(response, "publishing a tender puts it in procurement")
    assertContains(response, 'value="options_appraisal"')
    assertContains(response, 'value="closed"')
    assertNotContains(response, 'value="in_procurement"')
    assertNotContains(response, 'value="in_delivery"')


def test_a_move_driven_by_events_cannot_be_posted_by_hand(client, commission, commissioner):
    _in(commission, CommissionStatus.ROUTE_DECIDED)
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:commission_transition", args=[commission.pk]), {"to": "in_delivery"}
    )
    assert response.status_code == 200
    assertContains(response, "There is a problem")
    assert _status(commission) == CommissionStatus.ROUTE_DECIDED
