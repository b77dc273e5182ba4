"""The shared GOV.UK pagination keeps the page's filters in every link."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_page_links_keep_the_filter_and_elide_distant_pages(client, council, contract_manager):
    ContractFactory.create_batch(30 * 25, organisation=council)
    client.force_login(contract_manager)
    response = client.get(reverse("contracts:contract_list") + "?status=mobilising&page=10")
    assertContains(response, 'href="?status=mobilising&amp;page=11"')
    assertContains(response, 'aria-current="page">10<')
    assertContains(response, "govuk-pagination__item--ellipses")
    assertNotContains(response, 'href="?status=mobilising&amp;page=20"')
