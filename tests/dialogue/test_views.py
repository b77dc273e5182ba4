from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from dialogue.services import opportunity_index_sync
from tests.dates import date_fields
from tests.factories import OrganisationFactory
from tests.procurement.factories import PublishedTenderFactory, TenderFactory

pytestmark = pytest.mark.django_db

URL = reverse("dialogue:opportunity_list")


def test_anyone_can_find_open_opportunities_without_signing_in(client, council):
    PublishedTenderFactory(
        organisation=council, title="Community food hubs", estimated_value=250000
    )
    opportunity_index_sync()
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Community food hubs" in page
    assert "Northbridge Council" in page
    assert "£250,000" in page


def test_drafts_past_deadlines_and_closed_tenders_are_not_listed(client, council):
    TenderFactory(organisation=council, title="A draft tender")
    PublishedTenderFactory(
        organisation=council,
        title="A missed deadline",
        submission_deadline=timezone.now() - datetime.timedelta(hours=1),
    )
    PublishedTenderFactory(organisation=council, title="A closed tender", status="closed")
    PublishedTenderFactory(organisation=council, title="In a dialogue round", status="dialogue")
    opportunity_index_sync()
    response = client.get(URL)
    assertNotContains(response, "A draft tender")
    assertNotContains(response, "A missed deadline")
    assertNotContains(response, "A closed tender")
    assertContains(response, "In a dialogue round")


def test_search_matches_title_or_summary(client, council):
    PublishedTenderFactory(organisation=council, title="Meals at home", summary="Hot meals.")
    PublishedTenderFactory(organisation=council, title="Youth clubs", summary="Evening sessions.")
    PublishedTenderFactory(organisation=council, title="Parks", summary="Meals in the park.")
    opportunity_index_sync()
    response = client.get(URL, {"q": "meals"})
    assertContains(response, "Meals at home")
    assertContains(response, "Parks")
    assertNotContains(response, "Youth clubs")
    assertContains(response, "2 open opportunities")


def test_search_with_no_results_says_so(client):
    opportunity_index_sync()
    page = client.get(URL, {"q": "nothing like this"}).content.decode()
    assert "There are no open opportunities matching" in page


def test_pages_keep_the_search(client, council):
    PublishedTenderFactory.create_batch(30, organisation=council, summary="Food support.")
    opportunity_index_sync()
    page = client.get(URL, {"q": "food"}).content.decode()
    assert "?q=food&amp;page=2" in page


def test_opportunity_list_query_count_is_constant(client, django_assert_max_num_queries):
    buyers = [OrganisationFactory(kind="public_body") for _ in range(4)]
    PublishedTenderFactory(organisation=buyers[0])
    with CaptureQueriesContext(connection) as few:
        opportunity_index_sync()
        client.get(URL)
    for n in range(59):
        PublishedTenderFactory(organisation=buyers[n % 4])
    opportunity_index_sync()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 25


def test_the_page_offers_filters_and_applies_them(client, council, other_council):
    from tests.dialogue.factories import opportunity

    opportunity(organisation=council, title="Northbridge meals")
    opportunity(organisation=other_council, title="Southvale meals")
    opportunity_index_sync()
    response = client.get(URL, {"organisation": other_council.pk})
    assertContains(response, "Southvale meals")
    assertNotContains(response, "Northbridge meals")
    assertContains(
        response, f'<option value="{other_council.pk}" selected>Southvale Council</option>'
    )


@pytest.mark.parametrize("field", ["organisation", "mission", "place"])
def test_an_id_past_any_record_is_an_error_not_a_crash(client, council, field):
    """Once a server error: the index keeps mission and place ids in integer columns."""
    from tests.dialogue.factories import opportunity

    opportunity(organisation=council, title="Northbridge meals")
    opportunity_index_sync()
    response = client.get(URL, {field: str(10**30), "q": "meals"})
    assertContains(response, "There is a problem")
    assertContains(response, "from the list")
    # The search still runs, unfiltered, and keeps the words.
    assertContains(response, "Northbridge meals")
    assertContains(response, 'value="meals"')


def test_a_mistyped_filter_is_shown_as_an_error_not_a_crash(client):
    response = client.get(URL, date_fields("deadline_before", ("31", "2", "next")))
    assertContains(response, "There is a problem")
    assertContains(response, 'href="#id_deadline_before_2">Date must be a real date</a>')
    assertContains(response, 'name="deadline_before_2" value="next"')


def test_signed_in_suppliers_see_the_same_page_with_a_save_form(client, supplier_user):
    client.force_login(supplier_user)
    page = client.get(URL, {"q": "food"}).content.decode()
    assert "Save and get email alerts" in page
    assert 'name="query_string" value="q=food"' in page


def test_signed_out_visitors_are_asked_to_sign_in_to_save(client):
    response = client.get(URL)
    assertNotContains(response, "Save and get email alerts")
    assertContains(response, "to save this search")


def test_a_supplier_saves_lists_and_deletes_a_search(client, supplier_user):
    from dialogue.models import SavedSearch

    client.force_login(supplier_user)
    response = client.post(
        reverse("dialogue:saved_search_create"),
        {"name": "Food near me", "query_string": "q=food&small=on"},
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get()
    page = client.get(reverse("dialogue:saved_search_list")).content.decode()
    assert "Food near me" in page
    assert "?q=food&amp;small=on" in page
    delete_url = reverse("dialogue:saved_search_delete", args=[saved.pk])
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    assert not SavedSearch.objects.exists()


def test_saving_without_a_name_shows_an_error(client, supplier_user):
    client.force_login(supplier_user)
    response = client.post(reverse("dialogue:saved_search_create"), {"query_string": "q=food"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_buyer_staff_cannot_save_searches(client, commissioner):
    client.force_login(commissioner)
    response = client.post(reverse("dialogue:saved_search_create"), {"name": "x"})
    assert response.status_code == 404


def test_nobody_can_delete_someone_elses_saved_search(client, supplier_user, other_supplier_user):
    from dialogue import services

    saved = services.saved_search_create(
        user=supplier_user,
        organisation=supplier_user.memberships.get().organisation,
        name="Food",
        query_string="",
    )
    client.force_login(other_supplier_user)
    url = reverse("dialogue:saved_search_delete", args=[saved.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_saved_searches_need_sign_in(client):
    response = client.get(reverse("dialogue:saved_search_list"))
    assert response.status_code == 302


def test_filtered_search_query_count_is_constant(client, council, django_assert_max_num_queries):
    from tests.commissioning.factories import MissionFactory, PlaceFactory
    from tests.dialogue.factories import opportunity

    mission = MissionFactory(organisation=council)
    place = PlaceFactory(organisation=council)
    opportunity(organisation=council, missions=(mission,), places=(place,), category="Food")
    opportunity_index_sync()
    params = {"q": "food", "mission": mission.pk, "place": place.pk, "category": "Food"}
    with CaptureQueriesContext(connection) as few:
        client.get(URL, params)
    for n in range(59):
        opportunity(
            organisation=council,
            missions=(MissionFactory(organisation=council), mission),
            places=(place,),
            category="Food" if n % 2 else "Care",
        )
    opportunity_index_sync()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, params)
    assert response.context["page"].paginator.count == 30


def test_counts_stop_at_the_cap_and_say_more_than(client, council, monkeypatch):
    from dialogue import paging

    monkeypatch.setattr(paging, "RESULTS_CAP", 3)
    PublishedTenderFactory.create_batch(5, organisation=council)
    opportunity_index_sync()
    response = client.get(URL)
    assert response.context["page"].paginator.count == 3
    assert "More than 3 open opportunities" in response.content.decode()


def test_filter_options_follow_the_index_at_once_although_they_are_cached(client, council):
    from commissioning.models import Mission
    from tests.dialogue.factories import opportunity

    food = Mission.objects.create(organisation=council, title="Everyone eats well", statement="S")
    opportunity(organisation=council, title="Meals", category="Food", missions=(food,))
    opportunity_index_sync()
    response = client.get(URL)
    assertContains(response, '<option value="Food">Food</option>', html=False)
    assertContains(response, f'<option value="{food.pk}">Everyone eats well (Northbridge')
    assertNotContains(response, "Housing")

    # A new tender in a new category shows in the options on the next load.
    homes = Mission.objects.create(organisation=council, title="Warm homes", statement="S")
    opportunity(organisation=council, title="Repairs", category="Housing", missions=(homes,))
    opportunity_index_sync()
    response = client.get(URL)
    assertContains(response, '<option value="Housing">Housing</option>', html=False)
    assertContains(response, f'<option value="{homes.pk}">Warm homes (Northbridge')

    # A new search with nothing changed takes the options from the cache, kept under the
    # same version as the searches (dialogue/search_page.py), instead of four queries.
    with CaptureQueriesContext(connection) as cached:
        assertContains(client.get(URL, {"q": "meals"}), '<option value="Housing">Housing</option>')
    assert not any("unnest" in query["sql"] for query in cached.captured_queries)
