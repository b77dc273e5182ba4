from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Notification
from core.errors import DomainError
from dialogue import services
from dialogue.models import OpportunityIndex, SavedSearch
from dialogue.selectors import OpportunityFilters, opportunities_search
from procurement.models import Tender
from tests.commissioning.factories import MissionFactory, PlaceFactory
from tests.dialogue.factories import opportunity
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.django_db


def _titles(**filters: object) -> list[str]:
    rows = opportunities_search(filters=OpportunityFilters(**filters), now=timezone.now())
    return [row.title for row in rows]


# --- The index -----------------------------------------------------------------------------
def test_refresh_indexes_a_published_tender_with_its_commission_details(council):
    mission = MissionFactory(organisation=council)
    area = PlaceFactory(organisation=council, name="North area", kind="area")
    ward = PlaceFactory(organisation=council, name="Hill ward", parent=area)
    tender = opportunity(
        organisation=council,
        missions=(mission,),
        places=(ward,),
        category="Food",
        estimated_value=Decimal("80000"),
    )
    row = services.opportunity_index_refresh(tender_id=tender.pk)
    assert row.organisation_id == council.pk
    assert row.mission_ids == [mission.pk]
    assert sorted(row.place_ids) == sorted([area.pk, ward.pk])
    assert row.spend_category == "Food"
    assert row.value_band == "25k_100k"
    assert row.suitable_for_small is True


def test_refresh_twice_keeps_one_row_and_its_first_indexed_time(council):
    tender = opportunity(organisation=council)
    first = services.opportunity_index_refresh(tender_id=tender.pk)
    second = services.opportunity_index_refresh(tender_id=tender.pk)
    assert OpportunityIndex.objects.count() == 1
    assert second.first_indexed_at == first.first_indexed_at


def test_drafts_are_never_indexed(council):
    tender = TenderFactory(organisation=council)
    assert services.opportunity_index_refresh(tender_id=tender.pk) is None
    services.opportunity_index_sync()
    assert not OpportunityIndex.objects.exists()


def test_a_cancelled_tender_leaves_the_index_on_the_next_sync(council):
    tender = opportunity(organisation=council)
    services.opportunity_index_sync()
    Tender.objects.filter(pk=tender.pk).update(status="cancelled")
    services.opportunity_index_sync()
    assert not OpportunityIndex.objects.exists()


def test_refresh_removes_a_tender_that_went_back_to_draft(council):
    tender = opportunity(organisation=council)
    services.opportunity_index_refresh(tender_id=tender.pk)
    Tender.objects.filter(pk=tender.pk).update(status="draft")
    services.opportunity_index_refresh(tender_id=tender.pk)
    assert not OpportunityIndex.objects.exists()


def test_sync_picks_up_new_and_changed_tenders_only(council):
    tender = opportunity(organisation=council, title="Meals at home")
    assert services.opportunity_index_sync() == 1
    assert services.opportunity_index_sync() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        tender.title = "Hot meals at home"
        tender.save()
        assert services.opportunity_index_sync() == 1
    assert OpportunityIndex.objects.get().title == "Hot meals at home"


def test_value_bands_and_small_organisation_rule():
    assert services.value_band_for(None) == "not_given"
    assert services.value_band_for(Decimal("24999")) == "under_25k"
    assert services.value_band_for(Decimal("25000")) == "25k_100k"
    assert services.value_band_for(Decimal("2000000")) == "over_2m"
    assert services.suitable_for_small(value=Decimal("199999"), procedure="open")
    assert not services.suitable_for_small(value=Decimal("200000"), procedure="open")
    assert not services.suitable_for_small(value=None, procedure="open")
    assert services.suitable_for_small(value=None, procedure="below_threshold")


# --- Search ---------------------------------------------------------------------------------
def test_search_finds_words_only_in_the_specification_text(council):
    opportunity(organisation=council, title="Hubs", requirements=("Open a composting scheme.",))
    opportunity(organisation=council, title="Parks")
    services.opportunity_index_sync()
    assert _titles(q="compost") == ["Hubs"]


def test_title_matches_rank_above_summary_and_specification_matches(council):
    opportunity(organisation=council, title="Gardening support", spec_body="Allotments.")
    opportunity(organisation=council, title="Youth work", summary="Some allotments for teenagers.")
    opportunity(organisation=council, title="Allotment renewal")
    services.opportunity_index_sync()
    assert _titles(q="allotments") == ["Allotment renewal", "Youth work", "Gardening support"]


def test_websearch_syntax_excludes_words(council):
    opportunity(organisation=council, title="School meals")
    opportunity(organisation=council, title="Hospital meals")
    services.opportunity_index_sync()
    assert _titles(q="meals -hospital") == ["School meals"]


def test_each_filter_narrows_the_results(council, other_council):
    mission = MissionFactory(organisation=council)
    area = PlaceFactory(organisation=council, name="East area", kind="area")
    ward = PlaceFactory(organisation=council, name="Dock ward", parent=area)
    soon = timezone.now() + datetime.timedelta(days=3)
    opportunity(
        organisation=council,
        title="Match",
        missions=(mission,),
        places=(ward,),
        category="Food",
        estimated_value=Decimal("50000"),
        submission_deadline=soon,
        procedure="competitive_flexible",
    )
    opportunity(organisation=other_council, title="Other", estimated_value=Decimal("5000000"))
    services.opportunity_index_sync()
    tomorrow_week = (timezone.now() + datetime.timedelta(days=7)).date()
    assert _titles(organisation=council.pk) == ["Match"]
    assert _titles(mission=mission.pk) == ["Match"]
    assert _titles(place=area.pk) == ["Match"]
    assert _titles(place=ward.pk) == ["Match"]
    assert _titles(category="Food") == ["Match"]
    assert _titles(value_band="25k_100k") == ["Match"]
    assert _titles(value_band="over_2m") == ["Other"]
    assert _titles(deadline_before=tomorrow_week) == ["Match"]
    assert _titles(procedure="competitive_flexible") == ["Match"]
    assert _titles(small=True) == ["Match"]
    assert sorted(_titles()) == ["Match", "Other"]


def test_search_leaves_out_tenders_past_their_deadline(council):
    opportunity(
        organisation=council,
        title="Missed",
        submission_deadline=timezone.now() + datetime.timedelta(hours=1),
    )
    services.opportunity_index_sync()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert _titles() == []


# --- Saved searches -------------------------------------------------------------------------
def test_a_supplier_member_saves_a_search_without_the_page_number(supplier_user, supplier_org):
    saved = services.saved_search_create(
        user=supplier_user, organisation=supplier_org, name="Food", query_string="q=food&page=3"
    )
    assert saved.query_string == "q=food"


def test_saved_search_names_are_unique_per_person(supplier_user, supplier_org):
    services.saved_search_create(
        user=supplier_user, organisation=supplier_org, name="Food", query_string=""
    )
    with pytest.raises(DomainError, match="already have a saved search"):
        services.saved_search_create(
            user=supplier_user, organisation=supplier_org, name="food", query_string=""
        )


def test_buyer_staff_cannot_save_supplier_searches(commissioner, council):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.saved_search_create(
            user=commissioner, organisation=council, name="Food", query_string=""
        )


def test_only_the_owner_deletes_a_saved_search(supplier_user, supplier_org, other_supplier_user):
    saved = services.saved_search_create(
        user=supplier_user, organisation=supplier_org, name="Food", query_string=""
    )
    with pytest.raises(DomainError):
        services.saved_search_delete(saved_search=saved, by=other_supplier_user)
    services.saved_search_delete(saved_search=saved, by=supplier_user)
    assert not SavedSearch.objects.exists()


def test_alerts_go_once_per_new_matching_opportunity_even_if_the_job_runs_twice(
    council, supplier_user, supplier_org, django_capture_on_commit_callbacks
):
    opportunity(organisation=council, title="Old food project")
    services.opportunity_index_sync()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        saved = services.saved_search_create(
            user=supplier_user, organisation=supplier_org, name="Food", query_string="q=food"
        )
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        opportunity(organisation=council, title="New food project")
        opportunity(organisation=council, title="New parks project", summary="Parks.")
        services.opportunity_index_sync()
        with django_capture_on_commit_callbacks() as emails:
            assert services.saved_search_alerts_send() == 1
            assert services.saved_search_alerts_send() == 0
    notification = Notification.objects.get()
    assert notification.recipient == supplier_user
    assert notification.key.startswith(f"saved-search:{saved.pk}:")
    assert "New food project" in notification.subject
    assert len(emails) == 1  # one email queued, for the one alert


def test_a_saved_search_keeps_only_filters_that_were_set(supplier_user, supplier_org):
    saved = services.saved_search_create(
        user=supplier_user,
        organisation=supplier_org,
        name="Food",
        query_string="q=food&organisation=&place=4&small=",
    )
    assert saved.query_string == "q=food&place=4"


def test_demo_load_indexes_tenders_and_saves_one_search_however_often_it_runs(council):
    from dialogue import demo
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    opportunity(organisation=council)
    nib = OrganisationFactory(slug="nib-and-nettle", kind="supplier")
    jo = UserFactory(email="micro@nibandnettle.example")
    MembershipFactory(user=jo, organisation=nib, role="supplier")
    people = {jo.email: jo}
    demo.load(council=council, people=people)
    demo.load(council=council, people=people)
    assert OpportunityIndex.objects.count() == 1
    assert SavedSearch.objects.filter(user=jo).count() == 1


def test_publishing_a_tender_indexes_it_as_soon_as_the_change_commits(
    council, django_capture_on_commit_callbacks
):
    tender = TenderFactory(organisation=council)
    with django_capture_on_commit_callbacks(execute=True):
        tender.status = "published"
        tender.save()
    assert OpportunityIndex.objects.filter(tender=tender).exists()
    with django_capture_on_commit_callbacks(execute=True):
        tender.status = "cancelled"
        tender.save()
    assert not OpportunityIndex.objects.exists()


def test_sync_picks_up_a_change_to_the_commission_behind_a_tender(council):
    tender = opportunity(organisation=council, category="Food")
    services.opportunity_index_sync()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        tender.commission.spend_category = "Care"
        tender.commission.save()
        assert services.opportunity_index_sync() == 1
    assert OpportunityIndex.objects.get().spend_category == "Care"
