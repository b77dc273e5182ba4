"""A provider's page of returns and check-ins waiting for it, linked from the navigation."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import CheckInContribution
from tests.contracts.factories import CheckInFactory, ContractFactory
from tests.social_value.factories import DeliveryReturnFactory

pytestmark = pytest.mark.django_db

URL = reverse("social_value:provider_waiting")


@pytest.fixture
def contract(council, supplier_org):
    return ContractFactory(organisation=council, provider=supplier_org, title="Community meals")


def test_the_provider_sees_what_waits_for_it_and_nothing_else(
    client, contract, supplier_user, other_supplier_org, council
):
    due = DeliveryReturnFactory(
        commitment__contract=contract, commitment__measure__name="Local jobs"
    )
    DeliveryReturnFactory(commitment__contract=contract, commitment__measure__name="Trees planted")
    type(due).objects.filter(commitment__measure__name="Trees planted").update(status="verified")
    waiting = CheckInFactory(contract=contract, held_on=datetime.date(2027, 1, 13))
    written = CheckInFactory(contract=contract, held_on=datetime.date(2026, 11, 4))
    CheckInContribution.objects.create(
        checkin=written,
        side="provider",
        story="Done.",
        submitted_at=datetime.datetime.now(datetime.UTC),
    )
    elsewhere = ContractFactory(organisation=council, provider=other_supplier_org)
    DeliveryReturnFactory(commitment__contract=elsewhere, commitment__measure__name="Apprentices")
    client.force_login(supplier_user)

    response = client.get(URL)

    assertContains(response, "Local jobs")
    assertContains(response, reverse("social_value:return_detail", args=[due.pk]))
    assertContains(response, reverse("contracts:checkin_detail", args=[contract.pk, waiting.pk]))
    assertNotContains(response, "Trees planted")
    assertNotContains(response, "Apprentices")
    assertNotContains(response, reverse("contracts:checkin_detail", args=[contract.pk, written.pk]))


def test_the_navigation_links_a_provider_to_it(client, supplier_user):
    client.force_login(supplier_user)
    response = client.get(reverse("contracts:contract_list"))
    assertContains(response, f'href="{URL}"')


def test_council_staff_have_no_such_page(client, contract_manager):
    client.force_login(contract_manager)
    assert client.get(URL).status_code == 404
    assertNotContains(client.get(reverse("contracts:contract_list")), f'href="{URL}"')


def test_the_page_runs_constant_queries(
    client, contract, supplier_user, django_assert_max_num_queries
):
    for n in range(60):
        DeliveryReturnFactory(commitment__contract=contract)
        CheckInFactory(
            contract=contract, held_on=datetime.date(2026, 5, 1) + datetime.timedelta(days=n)
        )
    client.force_login(supplier_user)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assertContains(response, "60 returns to write or answer, the first 25 shown")
    assertContains(response, "60 check-ins without your side yet, the first 25 shown")
