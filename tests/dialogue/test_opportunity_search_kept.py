"""The opportunities page keeps its search (filters and results) as HTML in the shared
cache (dialogue/search_page.py): a repeated search runs no query, and whatever changes
what it shows is on the page at once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from dialogue import search_page
from dialogue.services import opportunity_index_sync
from procurement import services as procurement_services
from tests.procurement.factories import PublishedTenderFactory, TenderFactory, TenderQuestionFactory

pytestmark = pytest.mark.django_db

URL = reverse("dialogue:opportunity_list")


def _kept(query_string: str = "") -> tuple[Any, Any]:
    """The kept head and filters, and the kept page of results, for this query string."""
    filters_key, results_key = search_page.kept_search_keys(QueryDict(query_string))
    return cache.get(filters_key), cache.get(results_key)


def _publish(title, council, commissioner, capture_on_commit) -> None:
    """Publish a tender through the service; the index follows the tender when its change
    commits (dialogue/signals.py)."""
    draft = TenderFactory(organisation=council, created_by=commissioner, title=title)
    TenderQuestionFactory(tender=draft, word_limit=20)
    with capture_on_commit(execute=True):
        procurement_services.tender_publish(tender=draft, by=commissioner)


def test_a_repeated_search_runs_no_query(client, council):
    PublishedTenderFactory(organisation=council, title="Community food hubs")
    opportunity_index_sync()
    first = client.get(URL, {"q": "food", "small": "on"})
    with CaptureQueriesContext(connection) as again:
        second = client.get(URL, {"q": "food", "small": "on"})
    assert again.captured_queries == []
    assert second.status_code == 200
    assert second.content.count(b"Community food hubs") == first.content.count(
        b"Community food hubs"
    )
    assertContains(second, "Search results for “food”")


def test_a_newly_published_tender_appears_at_once(
    client, council, commissioner, django_capture_on_commit_callbacks
):
    PublishedTenderFactory(organisation=council, title="Meals at home")
    opportunity_index_sync()
    assertNotContains(client.get(URL), "Youth clubs")
    _publish("Youth clubs", council, commissioner, django_capture_on_commit_callbacks)
    response = client.get(URL)
    assertContains(response, "Youth clubs")
    assertContains(response, "2 open opportunities")


def test_a_cancelled_tender_disappears_at_once(
    client, council, commissioner, django_capture_on_commit_callbacks
):
    staying = PublishedTenderFactory(organisation=council, title="Meals at home")
    going = PublishedTenderFactory(
        organisation=council, title="Youth clubs", created_by=commissioner
    )
    opportunity_index_sync()
    assertContains(client.get(URL), "Youth clubs")
    with django_capture_on_commit_callbacks(execute=True):
        procurement_services.tender_cancel(
            tender=going, reason="No longer needed.", by=commissioner
        )
    response = client.get(URL)
    assertNotContains(response, "Youth clubs")
    assertContains(response, staying.title)
    assertContains(response, "1 open opportunity")


def test_a_tender_leaves_the_kept_search_when_its_deadline_passes(client, council):
    # Sooner than the kept search's own expiry, so that only its deadline can retire it.
    soon = timezone.now() + datetime.timedelta(minutes=3)
    PublishedTenderFactory(organisation=council, title="Closing soon", submission_deadline=soon)
    PublishedTenderFactory(
        organisation=council,
        title="Closing later",
        submission_deadline=soon + datetime.timedelta(days=3),
    )
    opportunity_index_sync()
    assertContains(client.get(URL), "Closing soon")
    assert _kept()[1].valid_until == soon
    with time_machine.travel(soon + datetime.timedelta(minutes=1)):
        # Nothing was written: the kept search knows when it goes out of date.
        response = client.get(URL)
    assertNotContains(response, "Closing soon")
    assertContains(response, "Closing later")


def test_filters_still_apply_and_each_search_is_kept_apart(client, council, other_council):
    from tests.dialogue.factories import opportunity

    opportunity(organisation=council, title="Northbridge meals")
    opportunity(organisation=other_council, title="Southvale meals")
    opportunity_index_sync()
    for _ in range(2):  # drawn, then from the cache
        everything = client.get(URL)
        theirs = client.get(URL, {"organisation": other_council.pk})
        assertContains(everything, "Northbridge meals")
        assertContains(everything, "Southvale meals")
        assertContains(theirs, "Southvale meals")
        assertNotContains(theirs, "Northbridge meals")
        assertContains(theirs, f'<option value="{other_council.pk}" selected>Southvale Council')


def test_each_page_of_a_search_draws_only_its_results(client, council, monkeypatch):
    PublishedTenderFactory.create_batch(30, organisation=council, summary="Food support.")
    opportunity_index_sync()
    drawn = []
    render = search_page._render
    monkeypatch.setattr(
        search_page, "_render", lambda part, *args: drawn.append(part) or render(part, *args)
    )
    first = client.get(URL, {"q": "food"})
    second = client.get(URL, {"q": "food", "page": 2})
    assert drawn == [*search_page.FILTER_PARTS, search_page.RESULTS_PART, search_page.RESULTS_PART]
    assertContains(first, "?q=food&amp;page=2")
    assertContains(second, "?q=food&amp;page=1")
    for response in (first, second):
        assertContains(response, "Search results for “food”")
        assertContains(response, 'name="q" value="food"')
    top, results = _kept("q=food&page=2")
    assert top == _kept("q=food")[0]
    assert "?q=food&amp;page=1" in results.results


def test_a_renamed_buyer_shows_at_once(client, council):
    PublishedTenderFactory(organisation=council, title="Meals at home")
    opportunity_index_sync()
    assertContains(client.get(URL), "Northbridge Council")
    council.name = "Northbridge and Eastfield Council"
    council.save()
    assertContains(client.get(URL), "Northbridge and Eastfield Council")


def test_each_viewer_gets_their_own_save_form_and_no_token_is_kept(client, council, supplier_user):
    PublishedTenderFactory(organisation=council, title="Meals at home")
    opportunity_index_sync()
    anonymous = client.get(URL, {"q": "meals"})
    assertContains(anonymous, "to save this search")
    assertNotContains(anonymous, "Save and get email alerts")

    client.force_login(supplier_user)
    signed_in = client.get(URL, {"q": "meals"})
    assertContains(signed_in, "Meals at home")
    assertContains(signed_in, "Save and get email alerts")
    assertContains(signed_in, 'name="query_string" value="q=meals"')
    assertNotContains(signed_in, "to save this search")

    top, results = _kept("q=meals")
    for part in (top.head, top.filters, results.results):
        assert "csrfmiddlewaretoken" not in part
        assert "Save and get email alerts" not in part


@pytest.mark.faults
def test_kept_in_redis_and_working_without_it(
    own_redis, client, council, commissioner, django_capture_on_commit_callbacks
):
    PublishedTenderFactory(organisation=council, title="Meals at home")
    opportunity_index_sync()
    assertContains(client.get(URL), "Meals at home")
    with CaptureQueriesContext(connection) as again:
        assertContains(client.get(URL), "Meals at home")
    assert again.captured_queries == []  # read back from Redis

    own_redis.stop()
    _publish("Youth clubs", council, commissioner, django_capture_on_commit_callbacks)
    response = client.get(URL)
    assertContains(response, "Youth clubs")
    assertContains(response, "Meals at home")

    # Back (empty, as a restarted Redis is), the search is drawn and kept again.
    own_redis.start()
    assertContains(client.get(URL), "Youth clubs")
    with CaptureQueriesContext(connection) as again:
        assertContains(client.get(URL), "Youth clubs")
    assert again.captured_queries == []


def test_a_search_is_kept_once_whatever_the_order_of_its_parameters(client, council, other_council):
    from tests.dialogue.factories import opportunity

    opportunity(organisation=council, title="Northbridge meals")
    opportunity(organisation=other_council, title="Southvale meals")
    opportunity_index_sync()
    one_way = f"q=meals&organisation={other_council.pk}&page=1"
    other_way = f"page=1&organisation={other_council.pk}&q=meals"
    assert search_page.kept_search_keys(QueryDict(one_way)) == search_page.kept_search_keys(
        QueryDict(other_way)
    )
    assertContains(client.get(f"{URL}?{one_way}"), "Southvale meals")
    with CaptureQueriesContext(connection) as again:
        response = client.get(f"{URL}?{other_way}")
    assert again.captured_queries == []
    assertContains(response, "Southvale meals")
    assertNotContains(response, "Northbridge meals")

    # A repeated filter is read as its last value, so the order of its values is the
    # search's own: each order shows, and is kept as, a search of its own.
    for first, last, shown, hidden in (
        (council, other_council, "Southvale meals", "Northbridge meals"),
        (other_council, council, "Northbridge meals", "Southvale meals"),
    ):
        response = client.get(f"{URL}?organisation={first.pk}&organisation={last.pk}")
        assertContains(response, shown)
        assertNotContains(response, hidden)


def test_a_kept_page_of_results_links_its_pages_in_one_spelling(client, council):
    PublishedTenderFactory.create_batch(26, organisation=council, summary="Food support.")
    opportunity_index_sync()
    # Drawn for the first spelling, kept and served for the second: one spelling of links.
    for query in ({"value_band": "", "q": "food"}, {"q": "food", "value_band": ""}):
        assertContains(client.get(URL, query), "?q=food&amp;value_band=&amp;page=2")
