"""The public search pages, signed out: "What councils buy" (published commissions and
awarded contracts, searched and filtered by mission, place and provider type) and the
commissions asking for the public's views now."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from commissioning.models import CommentPhase, CommissionStatus
from tests.commissioning.factories import (
    CommissionFactory,
    MissionFactory,
    PlaceFactory,
    PublicCommentFactory,
)
from tests.contracts.factories import ContractFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

BUY = reverse("home:public_what_we_buy")
SAY = reverse("home:public_have_your_say")


def _published(council, title, **fields):
    return CommissionFactory(
        organisation=council,
        title=title,
        summary="Internal: keep it under budget.",
        public_summary=fields.pop("public_summary", f"We want to buy {title.lower()}."),
        published_at=timezone.now(),
        **fields,
    )


def _supplier(name, supplier_type):
    return OrganisationFactory(name=name, kind="supplier", supplier_type=supplier_type)


@pytest.fixture
def world(council, other_council):
    """Two councils' commissions and contracts, with missions, places and three provider
    types; and what must never show: an unpublished commission and a draft mission."""
    food = MissionFactory(organisation=council, title="Everyone eats well")
    draft = MissionFactory(organisation=council, title="Secret draft mission", status="draft")
    ward = PlaceFactory(organisation=council, name="Kestrel ward")
    estate = PlaceFactory(organisation=council, name="Kestrel estate", parent=ward)
    hubs = _published(council, "Community food hubs")
    hubs.missions.add(food, draft)
    hubs.places.add(estate)
    CommissionFactory(organisation=council, title="Unpublished meals plan")
    meals = ContractFactory(
        organisation=council,
        title="School meals",
        provider=_supplier("Common Table CIC", "social_enterprise"),
        commission=hubs,
        value=250000,
    )
    meals.missions.add(food)
    meals.places.add(ward)
    ContractFactory(
        organisation=council,
        title="Street lighting",
        provider=_supplier("Big Lights plc", "large"),
        value=900000,
    )
    ContractFactory(
        organisation=other_council,
        title="Garden maintenance",
        provider=_supplier("Green Hands Ltd", "small"),
    )
    return {"food": food, "draft": draft, "ward": ward, "estate": estate, "hubs": hubs}


def test_a_signed_out_visitor_sees_published_commissions_and_contracts(client, world):
    response = client.get(BUY)
    for title in ("Community food hubs", "School meals", "Street lighting", "Garden maintenance"):
        assertContains(response, title)
    assertContains(response, "Common Table CIC")
    assertContains(response, "£250,000")
    assertContains(response, reverse("home:public_commission", args=[world["hubs"].pk]))
    assertNotContains(response, "Unpublished meals plan")
    assertNotContains(response, "Secret draft mission")
    assertNotContains(response, "Internal: keep it under budget.")


def test_search_needs_every_word(client, world):
    response = client.get(BUY, {"q": "meals common"})
    assertContains(response, "School meals")
    assertNotContains(response, "Street lighting")
    assertNotContains(response, "Unpublished meals plan")
    response = client.get(BUY, {"q": "food hubs"})
    assertContains(response, "Community food hubs")
    assertNotContains(response, "School meals")


def test_filter_by_mission(client, world):
    response = client.get(BUY, {"mission": world["food"].pk})
    assertContains(response, "Community food hubs")
    assertContains(response, "School meals")
    assertNotContains(response, "Street lighting")
    # A draft mission shows nothing linked to it.
    response = client.get(BUY, {"mission": world["draft"].pk})
    assertContains(response, "Nothing matches these filters")


@pytest.mark.parametrize("field", ["council", "mission", "place"])
def test_an_id_past_any_record_shows_everything(client, world, field):
    response = client.get(BUY, {field: str(10**30)})
    assertContains(response, "Community food hubs")
    assertContains(response, "Street lighting")


def test_filter_by_place_includes_the_places_inside_it(client, world):
    response = client.get(BUY, {"place": world["ward"].pk})
    assertContains(response, "School meals")
    assertContains(response, "Community food hubs")
    assertNotContains(response, "Street lighting")
    response = client.get(BUY, {"place": world["estate"].pk})
    assertContains(response, "Community food hubs")
    assertNotContains(response, "School meals")


@pytest.mark.parametrize(
    ("provider_type", "shown", "absent"),
    [
        ("vcse", ["School meals", "Community food hubs"], ["Street lighting", "Garden"]),
        ("large", ["Street lighting"], ["School meals", "Garden"]),
        ("sme", ["Garden maintenance"], ["School meals", "Street lighting"]),
    ],
)
def test_filter_by_provider_type(client, world, provider_type, shown, absent):
    response = client.get(BUY, {"provider_type": provider_type})
    for title in shown:
        assertContains(response, title)
    for title in absent:
        assertNotContains(response, title)


def test_filter_by_council_and_kind(client, world, council):
    response = client.get(BUY, {"council": council.pk, "show": "contracts"})
    assertContains(response, "School meals")
    assertNotContains(response, "Garden maintenance")
    assertNotContains(response, "Community food hubs")
    response = client.get(BUY, {"show": "commissions"})
    assertContains(response, "Community food hubs")
    assertNotContains(response, "School meals")


def test_a_mistyped_filter_is_shown_as_an_error_and_ignored(client, world):
    response = client.get(BUY, {"mission": "lots", "q": "x" * 201})
    assertContains(response, "There is a problem")
    assertContains(response, "Your search must be 200 characters or fewer")


def test_the_list_is_paginated_and_keeps_the_filters(client, council):
    for n in range(27):
        ContractFactory(organisation=council, title=f"Cleaning contract {n}")
    response = client.get(BUY, {"q": "cleaning"})
    assertContains(response, "27 results")
    assertContains(response, "?q=cleaning&amp;page=2")
    assertContains(client.get(BUY, {"q": "cleaning", "page": 2}), "Cleaning contract 0")


@pytest.mark.parametrize("size", [1, 15])
def test_what_we_buy_costs_the_same_queries_however_many_rows(
    client, council, size, django_assert_max_num_queries
):
    mission = MissionFactory(organisation=council)
    place = PlaceFactory(organisation=council)
    for n in range(size):
        commission = _published(council, f"Commission {n}")
        commission.missions.add(mission)
        contract = ContractFactory(
            organisation=council, provider=_supplier(f"Provider {n}", "small")
        )
        contract.missions.add(mission)
        contract.places.add(place)
    with django_assert_max_num_queries(10):
        assert client.get(BUY).status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(BUY, {"mission": mission.pk, "place": place.pk, "q": "o"})
        assert response.status_code == 200


# --- Have your say --------------------------------------------------------------------------
@pytest.fixture
def asking(council, other_council):
    before = _published(council, "Food hubs", invite_views_in=[CommentPhase.BEFORE_AWARD])
    during = _published(other_council, "Youth mentoring", invite_views_in=[CommentPhase.DURING])
    during.status = CommissionStatus.IN_DELIVERY
    during.save()
    # Published, but asks only after the service, and it is not there yet.
    _published(council, "Not asking now", invite_views_in=[CommentPhase.AFTER])
    _published(council, "Never asks")
    CommissionFactory(
        organisation=council, title="Not published", invite_views_in=[CommentPhase.BEFORE_AWARD]
    )
    return before, during


def test_have_your_say_lists_only_commissions_asking_now(client, asking):
    response = client.get(SAY)
    assertContains(response, "Food hubs")
    assertContains(response, "Before we buy: what matters to you?")
    assertContains(response, "Youth mentoring")
    for absent in ("Not asking now", "Never asks", "Not published"):
        assertNotContains(response, absent)


def test_have_your_say_filters_by_council_and_phase(client, asking, council):
    response = client.get(SAY, {"council": council.pk})
    assertContains(response, "Food hubs")
    assertNotContains(response, "Youth mentoring")
    response = client.get(SAY, {"phase": CommentPhase.DURING})
    assertContains(response, "Youth mentoring")
    assertNotContains(response, "Food hubs")


def test_have_your_say_with_a_council_id_past_any_record_shows_everything(client, asking):
    response = client.get(SAY, {"council": str(10**30)})
    assertContains(response, "Food hubs")
    assertContains(response, "Youth mentoring")


def test_have_your_say_is_linked_from_the_public_index_and_council_page(client, asking, council):
    assertContains(client.get(reverse("home:public_index")), SAY)
    response = client.get(reverse("home:public_council", args=[council.slug]))
    assertContains(response, f"{SAY}?council={council.pk}")
    assertContains(response, f"{BUY}?council={council.pk}")


@pytest.mark.parametrize("size", [1, 15])
def test_have_your_say_costs_the_same_queries_however_many(
    client, council, size, django_assert_max_num_queries
):
    mission = MissionFactory(organisation=council)
    for n in range(size):
        commission = _published(council, f"Asking {n}", invite_views_in=[CommentPhase.BEFORE_AWARD])
        commission.missions.add(mission)
    with django_assert_max_num_queries(6):
        response = client.get(SAY)
    assertContains(response, f"Asking {size - 1}")


def test_a_hidden_comment_is_on_no_public_search_page(client, asking, council):
    before, _ = asking
    PublicCommentFactory(
        commission=before, status="hidden", hidden_reason="Spam.", body="Cheap loans today."
    )
    PublicCommentFactory(commission=before, status="published", body="Open on Saturdays.")
    for url in (SAY, BUY, f"{BUY}?q=food", reverse("home:public_commission", args=[before.pk])):
        response = client.get(url)
        assertNotContains(response, "Cheap loans today.")
        assertNotContains(response, "Spam.")
