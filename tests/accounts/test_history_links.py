"""Staff reach each record's audit history from the record's own page."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_staff_see_a_history_link_on_a_mission_and_it_opens(client, council, commissioner):
    mission = MissionFactory(organisation=council)
    client.force_login(commissioner)
    page = client.get(reverse("commissioning:mission_detail", args=[mission.pk])).content.decode()
    assert "See the history of this mission" in page
    start = page.index("See the history of this mission")
    href = page[
        page.rindex('href="', 0, start) + 6 : page.index('"', page.rindex('href="', 0, start) + 6)
    ]
    assert client.get(href).status_code == 200


def test_a_provider_sees_no_history_link_on_its_contract(
    client, council, supplier_org, supplier_user
):
    contract = ContractFactory(organisation=council, provider=supplier_org)
    client.force_login(supplier_user)
    response = client.get(reverse("contracts:contract_detail", args=[contract.pk]))
    assertNotContains(response, "See the history of this contract")
