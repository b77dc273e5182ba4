"""The mission page's kept progress sections (home/mission_cache.py) are kept under the
release that drew them: a new release draws them again rather than serve what an
earlier release kept."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import Contract
from home import mission_cache
from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import ContractFactory
from tests.release import next_release

pytestmark = pytest.mark.django_db


def test_the_sections_key_carries_the_release(settings, client, council, commissioner):
    mission = MissionFactory(organisation=council)
    client.force_login(commissioner)
    url = reverse("commissioning:mission_detail", args=[mission.pk])
    assert client.get(url).status_code == 200

    earlier = mission_cache.sections_key(mission.pk, may_edit=True)
    assert cache.get(earlier) is not None
    next_release(settings)
    assert mission_cache.sections_key(mission.pk, may_edit=True) != earlier


def test_sections_kept_by_an_earlier_release_are_not_served_by_the_next(
    settings, client, council, commissioner
):
    mission = MissionFactory(organisation=council)
    contract = ContractFactory(organisation=council, value=30_000)
    contract.missions.add(mission)
    client.force_login(commissioner)
    url = reverse("commissioning:mission_detail", args=[mission.pk])
    assertContains(client.get(url), "£30,000 across 1 contract")
    # Written in bulk, which tells no one: within a release the kept figures still show
    # the old value, so they are what is served.
    Contract.objects.filter(pk=contract.pk).update(value=45_000)
    assertContains(client.get(url), "£30,000 across 1 contract")

    next_release(settings)
    response = client.get(url)
    assertContains(response, "£45,000 across 1 contract")
    assertNotContains(response, "£30,000 across 1 contract")
