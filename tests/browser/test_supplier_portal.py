"""A supplier registers, finds a tender by a word only in its specification, filters,
and saves the search. Every page is checked with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from dialogue.models import SavedSearch
from dialogue.services import opportunity_index_sync
from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import PlaceFactory
from tests.dialogue.factories import opportunity
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supplier_registers_finds_a_tender_by_its_specification_and_saves_the_search(
    page: Any, live_server: Any, council: Any
) -> None:
    ward = PlaceFactory(organisation=council, name="Riverside ward")
    opportunity(
        organisation=council,
        title="Community food hubs",
        requirements=("Run a weekly composting scheme with residents.",),
        places=(ward,),
        category="Food",
    )
    opportunity(organisation=council, title="Youth clubs", summary="Evening sessions.")
    opportunity_index_sync()
    person = UserFactory(full_name="Robin Grower")

    sign_in(page, live_server, person)
    page.goto(f"{live_server.url}/suppliers/register/")
    assert_accessible(page)
    page.get_by_label("Organisation name").fill("Riverside Growers")
    page.get_by_label("Co-operative").check()
    page.get_by_label("Number of staff").fill("8")
    page.get_by_label("Registered postcode").fill("nb1 2aa")
    page.get_by_label("Company number (if you have one)").fill("12345")
    page.get_by_label("What your organisation does").fill("We grow food with neighbours.")
    page.get_by_role("button", name="Register organisation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Company number (if you have one)").fill("IP123456")
    page.get_by_role("button", name="Register organisation").click()
    expect(page.get_by_text("Riverside Growers is registered")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Find opportunities").last.click()
    assert_accessible(page)
    page.get_by_label("Search opportunities").fill("composting")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name="Community food hubs")).to_be_visible()
    expect(page.get_by_role("link", name="Youth clubs")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Place").select_option(label="Riverside ward")
    page.get_by_label("Category").select_option(label="Food")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("1 open opportunity matching")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name this search").fill("Composting near us")
    page.get_by_role("button", name="Save and get email alerts").click()
    expect(page.get_by_role("heading", name="Your saved searches")).to_be_visible()
    assert_accessible(page)
    saved = SavedSearch.objects.get()
    assert "q=composting" in saved.query_string
    assert f"place={ward.pk}" in saved.query_string
    page.get_by_role("link", name="Composting near us", exact=True).click()
    expect(page.get_by_role("link", name="Community food hubs")).to_be_visible()
    assert_accessible(page)
