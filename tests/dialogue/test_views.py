from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory
from tests.procurement.factories import PublishedTenderFactory, TenderFactory

pytestmark = pytest.mark.django_db

URL = reverse("dialogue:opportunity_list")


def test_anyone_can_find_open_opportunities_without_signing_in(client, council):
    PublishedTenderFactory(
        organisation=council, title="Community food hubs", estimated_value=250000
    )
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
    page = client.get(URL).content.decode()
    assert "A draft tender" not in page
    assert "A missed deadline" not in page
    assert "A closed tender" not in page
    assert "In a dialogue round" in page


def test_search_matches_title_or_summary(client, council):
    PublishedTenderFactory(organisation=council, title="Meals at home", summary="Hot meals.")
    PublishedTenderFactory(organisation=council, title="Youth clubs", summary="Evening sessions.")
    PublishedTenderFactory(organisation=council, title="Parks", summary="Meals in the park.")
    page = client.get(URL, {"q": "meals"}).content.decode()
    assert "Meals at home" in page
    assert "Parks" in page
    assert "Youth clubs" not in page
    assert "2 open opportunities" in page


def test_search_with_no_results_says_so(client):
    page = client.get(URL, {"q": "nothing like this"}).content.decode()
    assert "There are no open opportunities matching" in page


def test_pages_keep_the_search(client, council):
    PublishedTenderFactory.create_batch(30, organisation=council, summary="Food support.")
    page = client.get(URL, {"q": "food"}).content.decode()
    assert "?q=food&amp;page=2" in page


def test_opportunity_list_query_count_is_constant(client, django_assert_max_num_queries):
    buyers = [OrganisationFactory(kind="public_body") for _ in range(4)]
    PublishedTenderFactory(organisation=buyers[0])
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(59):
        PublishedTenderFactory(organisation=buyers[n % 4])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 25
