"""The opportunities search (dialogue/search_page.py) and its filter options are kept
under the release that drew them: a new release draws them again rather than serve what
an earlier release kept."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Organisation
from core.release import release_digest
from dialogue import search_page, selectors
from dialogue.models import OpportunityIndex
from dialogue.services import opportunity_index_sync
from tests.procurement.factories import PublishedTenderFactory
from tests.release import next_release

pytestmark = pytest.mark.django_db

URL = reverse("dialogue:opportunity_list")


def test_the_search_version_key_carries_the_release(settings):
    earlier = search_page._version_key()
    assert release_digest() in earlier
    next_release(settings)
    assert search_page._version_key() != earlier


def test_a_search_kept_by_an_earlier_release_is_not_served_by_the_next(settings, client, council):
    PublishedTenderFactory(organisation=council, title="Community food hubs")
    opportunity_index_sync()
    assertContains(client.get(URL, {"q": "food"}), "Community food hubs")
    # Written in bulk, which tells no one: within a release the kept search still shows
    # the old title, so it is what is served.
    OpportunityIndex.objects.update(title="Community food larders")
    assertContains(client.get(URL, {"q": "food"}), "Community food hubs")

    next_release(settings)
    response = client.get(URL, {"q": "food"})
    assertContains(response, "Community food larders")
    assertNotContains(response, "Community food hubs")


def test_filter_options_kept_by_an_earlier_release_are_not_served_by_the_next(settings, council):
    PublishedTenderFactory(organisation=council)
    opportunity_index_sync()
    assert selectors.opportunity_filter_options(version="1")["organisation"] == [
        (council.pk, "Northbridge Council")
    ]
    Organisation.objects.filter(pk=council.pk).update(name="Northbridge City Council")
    assert selectors.opportunity_filter_options(version="1")["organisation"] == [
        (council.pk, "Northbridge Council")
    ]

    next_release(settings)
    assert selectors.opportunity_filter_options(version="1")["organisation"] == [
        (council.pk, "Northbridge City Council")
    ]
