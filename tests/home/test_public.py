"""The public pages: what councils bought and what it achieved, for anyone, signed out."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from commissioning.models import Mission
from contracts.models import Contract, LearningEntry
from tests.commissioning.factories import (
    CommissionFactory,
    IndicatorFactory,
    IndicatorReadingFactory,
    MissionFactory,
    OutcomeFactory,
)
from tests.contracts.factories import CheckInFactory, ContractFactory, ContributionFactory
from tests.factories import OrganisationFactory
from tests.procurement.factories import TenderFactory
from tests.social_value.factories import CommitmentFactory, DeliveryReturnFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(council):
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    outcome = OutcomeFactory(mission=mission, title="More people eat fresh food")
    indicator = IndicatorFactory(
        outcome=outcome,
        name="Residents who eat 5 a day",
        baseline_value=30,
        baseline_date=datetime.date(2024, 4, 1),
        target_value=50,
        target_date=datetime.date(2028, 4, 1),
    )
    IndicatorReadingFactory(indicator=indicator, value=36, date=datetime.date(2025, 4, 1))
    return mission


@pytest.fixture
def contract(council, mission):
    provider = OrganisationFactory(name="Common Table CIC", kind="supplier")
    commission = CommissionFactory(
        organisation=council,
        summary="Internal: the incumbent caterer is struggling.",
        public_summary="Hot school meals cooked from fresh, local food.",
        published_at=timezone.now(),
    )
    contract = ContractFactory(
        organisation=council,
        title="School meals",
        provider=provider,
        commission=commission,
        value=250000,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2028, 8, 31),
    )
    contract.missions.add(mission)
    promise = CommitmentFactory(contract=contract, quantity=10)
    DeliveryReturnFactory(commitment=promise, quantity_delivered=4, status="verified")
    DeliveryReturnFactory(commitment=promise, quantity_delivered=8642, status="submitted")
    return contract


def _private_records(council, mission, contract):
    """Things a signed-out visitor must never read."""
    draft = MissionFactory(organisation=council, title="Secret draft mission")
    Mission.objects.filter(pk=draft.pk).update(status="draft")
    entry = LearningEntry.objects.create(
        organisation=council,
        contract=contract,
        title="Unpublished lesson about the caterer",
        body="Internal only.",
    )
    entry.missions.add(mission)
    checkin = CheckInFactory(contract=contract, status="published")
    ContributionFactory(checkin=checkin, story="A private story from the check-in")


def test_index_lists_councils_with_their_public_missions(client, council, mission):
    MissionFactory(organisation=council)
    Mission.objects.filter(pk=MissionFactory(organisation=council).pk).update(status="draft")
    response = client.get(reverse("home:public_index"))
    assertContains(response, "Northbridge Council")
    assertContains(response, "2 missions")
    assertContains(response, reverse("home:public_council", args=[council.slug]))


def test_council_page_shows_missions_and_trends_not_drafts(client, council, mission, contract):
    _private_records(council, mission, contract)
    response = client.get(reverse("home:public_council", args=[council.slug]))
    assertContains(response, "Everyone eats well")
    assertContains(response, "Residents who eat 5 a day")
    assertContains(response, "<svg", count=1)
    assertContains(response, "£250,000 in 1 contract")
    assertNotContains(response, "Secret draft mission")


def test_mission_page_names_the_provider_and_hides_private_work(client, council, mission, contract):
    _private_records(council, mission, contract)
    response = client.get(reverse("home:public_mission", args=[mission.pk]))
    assertContains(response, "Common Table CIC")
    assertContains(response, "£250,000")
    assertContains(response, "1 September 2025 to 31 August 2028")
    assertContains(response, "April 2025 to March 2026")
    assertContains(response, "Residents who eat 5 a day")
    assertContains(response, reverse("home:public_contract", args=[contract.pk]))
    # Only checked returns count: 4 of the 10 promised, not the 8,642 still to be checked.
    assertContains(response, "40% on average")
    assertNotContains(response, "Internal: the incumbent caterer is struggling.")
    assertNotContains(response, "8642")
    assertNotContains(response, "8,642")
    assertNotContains(response, "Waiting to be checked")
    assertNotContains(response, "Unpublished lesson about the caterer")
    assertNotContains(response, "A private story from the check-in")
    assertNotContains(response, "Secret draft mission")


def test_contract_page_shows_what_was_bought_and_verified_social_value(
    client, council, mission, contract
):
    _private_records(council, mission, contract)
    response = client.get(reverse("home:public_contract", args=[contract.pk]))
    assertContains(response, "School meals")
    assertContains(response, "Hot school meals cooked from fresh, local food.")
    assertContains(response, "Common Table CIC")
    assertContains(response, "£250,000.00")
    assertContains(response, "31 August 2028")
    assertContains(response, reverse("home:public_mission", args=[mission.pk]))
    assertNotContains(response, "8642")
    assertNotContains(response, "8,642")
    assertNotContains(response, "Secret draft mission")
    assertNotContains(response, "Unpublished lesson about the caterer")
    assertNotContains(response, "A private story from the check-in")


def test_contract_page_never_shows_an_unpublished_commissions_summaries(
    client, council, mission, contract
):
    """The commission's internal summary is for staff; its public summary waits for the
    council to publish the commission's page."""
    type(contract.commission).objects.filter(pk=contract.commission.pk).update(published_at=None)
    response = client.get(reverse("home:public_contract", args=[contract.pk]))
    assert response.status_code == 200
    assertContains(response, "School meals")
    assertNotContains(response, "Internal: the incumbent caterer is struggling.")
    assertNotContains(response, "Hot school meals cooked from fresh, local food.")


def test_draft_missions_and_unknown_councils_are_not_found(client, council):
    draft = MissionFactory(organisation=council)
    Mission.objects.filter(pk=draft.pk).update(status="draft")
    supplier = OrganisationFactory(kind="supplier")
    assert client.get(reverse("home:public_mission", args=[draft.pk])).status_code == 404
    assert client.get(reverse("home:public_council", args=[supplier.slug])).status_code == 404
    assert client.get(reverse("home:public_council", args=["nowhere"])).status_code == 404
    assert client.get(reverse("home:public_contract", args=[999999])).status_code == 404


def test_home_page_and_signed_out_navigation_link_to_the_public_pages(client):
    response = client.get(reverse("home"))
    assertContains(response, "See what we bought and what it achieved")
    response = client.get(reverse("dialogue:opportunity_list"))
    assertContains(response, f'href="{reverse("home:public_index")}"')
    assertContains(response, f'href="{reverse("contracts:learning_public")}"')


def _bulk(council, mission, count):
    providers = [OrganisationFactory(kind="supplier") for _ in range(4)]
    contracts = Contract.objects.bulk_create(
        Contract(
            organisation=council,
            title=f"Bulk contract {index}",
            kind="tendered",
            provider=providers[index % 4],
            value=1000 + index,
            start_date=datetime.date(2024 + index % 3, 1 + index % 12, 1),
            end_date=datetime.date(2030, 1, 1),
            status="active",
        )
        for index in range(count)
    )
    Contract.missions.through.objects.bulk_create(
        Contract.missions.through(contract_id=c.pk, mission_id=mission.pk) for c in contracts
    )
    for contract in contracts[:30]:
        CommitmentFactory(contract=contract)


def test_mission_and_council_pages_cost_the_same_at_200_contracts(
    client, council, mission, django_assert_max_num_queries
):
    _bulk(council, mission, 200)
    urls = [
        reverse("home:public_mission", args=[mission.pk]),
        reverse("home:public_council", args=[council.slug]),
    ]
    for url in urls:
        client.get(url)  # warm the content-type cache
    with django_assert_max_num_queries(15):
        response = client.get(urls[0])
    assertContains(response, "Bulk contract 199")  # the biggest comes first
    assertNotContains(response, "Bulk contract 0<")
    assertContains(response, "?page=2")
    with django_assert_max_num_queries(15):
        client.get(urls[0] + "?page=8")
    with django_assert_max_num_queries(12):
        client.get(urls[1])


def test_public_page_of_an_awarded_tender_names_the_winner(client, council, contract):
    tender = TenderFactory(organisation=council, commission=contract.commission, status="awarded")
    Contract.objects.filter(pk=contract.pk).update(tender=tender)
    response = client.get(reverse("procurement:tender_detail", args=[tender.pk]))
    assertContains(response, "Awarded to")
    assertContains(response, "Common Table CIC, £250,000")
    assertContains(response, reverse("home:public_contract", args=[contract.pk]))


def test_public_page_of_a_tender_not_yet_awarded_names_no_winner(client, council, contract):
    tender = TenderFactory(
        organisation=council, commission=contract.commission, status="standstill"
    )
    Contract.objects.filter(pk=contract.pk).update(tender=tender)
    response = client.get(reverse("procurement:tender_detail", args=[tender.pk]))
    assertNotContains(response, "Awarded to")


def test_contract_page_costs_the_same_however_many_promises_and_returns(
    client, contract, django_assert_max_num_queries
):
    url = reverse("home:public_contract", args=[contract.pk])
    client.get(url)  # warm the content-type cache
    for _ in range(30):
        promise = CommitmentFactory(contract=contract)
        DeliveryReturnFactory(commitment=promise, quantity_delivered=1, status="verified")
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assertContains(response, "Only figures the council has checked count as delivered.")


def test_signed_in_people_see_the_public_pages_in_the_footer(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("home:dashboard"))
    assertContains(response, f'href="{reverse("home:public_index")}"')
