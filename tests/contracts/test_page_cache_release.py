"""The contract page's kept sections (contracts/page_cache.py) and its kept charts carry
the release that drew them: a new release draws them again rather than serve what an
earlier release kept."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts import page_cache, selectors
from contracts.models import Action
from core.release import release_digest
from tests.contracts.factories import ActionFactory, ContractFactory, KpiFactory
from tests.release import next_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    return ContractFactory(
        organisation=council, provider=supplier_org, contract_manager=contract_manager
    )


def test_the_sections_key_carries_the_release(settings, contract, contract_manager):
    viewer = page_cache.Viewer.of(contract_manager, contract)
    earlier = page_cache.sections_key(contract.pk, viewer=viewer, page="1")
    assert release_digest() in earlier
    next_release(settings)
    assert page_cache.sections_key(contract.pk, viewer=viewer, page="1") != earlier


def test_sections_kept_by_an_earlier_release_are_not_served_by_the_next(
    settings, client, contract, contract_manager
):
    action = ActionFactory(contract=contract, description="Fix the van")
    url = reverse("contracts:contract_detail", args=[contract.pk])
    client.force_login(contract_manager)
    assertContains(client.get(url), "Fix the van")
    # Written in bulk, which tells no one: within a release the kept sections still show
    # the old text, so they are what is served.
    Action.objects.filter(pk=action.pk).update(description="Fix the lorry")
    assertContains(client.get(url), "Fix the van")

    next_release(settings)
    response = client.get(url)
    assertContains(response, "Fix the lorry")
    assertNotContains(response, "Fix the van")


def test_the_charts_key_carries_the_release(settings, contract):
    kpis = [KpiFactory(contract=contract, name="Meals delivered on time")]
    contract = selectors.contract_get(contract.pk)
    earlier = selectors.charts_version(contract, kpis)
    assert release_digest() in earlier
    next_release(settings)
    assert selectors.charts_version(contract, kpis) != earlier
