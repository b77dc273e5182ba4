"""Pages cost the same number of queries with many records as with few."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Organisation
from commissioning.models import Commission, Mission, SectionKind, SpecificationSection
from commissioning.selectors import mission_get
from commissioning.specifications import services as spec_services
from tests.commissioning.factories import (
    CommissionFactory,
    MissionFactory,
    NeedFactory,
    PlaceFactory,
)
from tests.contracts.factories import ContractFactory
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.django_db

# Session, user, memberships, the organisation switcher and the unread notification count.
PAGE_OVERHEAD = 5
# The mission page: its outcomes framework and every section of its progress, plus one on
# a cold content-type cache (the history link looks up the record's type once), with the
# stories of people who use the services (1) and the bidders' feedback (2).
MISSION_PAGE_QUERIES = 36


@pytest.fixture
def busy_council(council, commissioner):
    missions = MissionFactory.create_batch(12, organisation=council, lead=commissioner)
    places = PlaceFactory.create_batch(10, organisation=council)
    needs = NeedFactory.create_batch(200, organisation=council, created_by=commissioner)
    for index, need in enumerate(needs):
        need.missions.set(missions[index % 12 : index % 12 + 3])
        need.places.set(places[index % 10 : index % 10 + 2])
    commissions = CommissionFactory.create_batch(60, organisation=council, owner=commissioner)
    for index, commission in enumerate(commissions):
        commission.missions.set(missions[index % 12 : index % 12 + 2])
        commission.needs.set(needs[index : index + 4])
        commission.places.set(places[index % 10 : index % 10 + 3])
    return {"missions": missions, "needs": needs, "commissions": commissions}


def test_mission_list_has_constant_queries(
    client, commissioner, busy_council, django_assert_max_num_queries
):
    client.force_login(commissioner)
    with django_assert_max_num_queries(PAGE_OVERHEAD + 2):
        response = client.get(reverse("commissioning:mission_list"))
    assert response.status_code == 200


def test_need_list_has_constant_queries(
    client, commissioner, busy_council, django_assert_max_num_queries
):
    client.force_login(commissioner)
    with django_assert_max_num_queries(PAGE_OVERHEAD + 4):
        response = client.get(reverse("commissioning:need_list") + "?page=3")
    assert response.status_code == 200
    assert "200 needs" in response.content.decode()


def test_commission_list_has_constant_queries(
    client, commissioner, busy_council, django_assert_max_num_queries
):
    client.force_login(commissioner)
    with django_assert_max_num_queries(PAGE_OVERHEAD + 3):
        response = client.get(reverse("commissioning:commission_list") + "?page=2")
    assert response.status_code == 200
    assert "60 commissions" in response.content.decode()


def test_mission_detail_has_constant_queries(
    client, council, commissioner, busy_council, django_assert_max_num_queries
):
    mission = busy_council["missions"][3]
    for commission in busy_council["commissions"][:20]:
        commission.missions.add(mission)
        TenderFactory(organisation=council, commission=commission)
        ContractFactory(organisation=council, commission=commission).missions.add(mission)
    client.force_login(commissioner)
    # The mission, its outcomes and indicators, then home's mission progress: spend by year,
    # states, trends, social value, who bids and wins, stories, learning and needs, each a
    # fixed number of queries (tests/home/test_missions.py checks it at 1,000 contracts).
    with django_assert_max_num_queries(PAGE_OVERHEAD + MISSION_PAGE_QUERIES):
        response = client.get(reverse("commissioning:mission_detail", args=[mission.pk]))
    assert response.status_code == 200


def test_commission_detail_and_specification_pages_have_constant_queries(
    client, council, commissioner, busy_council, django_assert_max_num_queries
):
    commission: Commission = busy_council["commissions"][0]
    specification = spec_services.specification_create(commission=commission, by=commissioner)
    SpecificationSection.objects.bulk_create(
        SpecificationSection(
            specification=specification,
            kind=SectionKind.REQUIREMENTS,
            heading=f"Requirement {n}",
            body="The provider will work with residents.",
            position=10 + n,
            updated_by=commissioner,
        )
        for n in range(43)
    )
    for number in range(1, 6):
        spec_services.specification_version_issue(
            specification=specification, change_note=f"Issue {number}.", by=commissioner
        )
    client.force_login(commissioner)
    # The history link looks up the record's type once per process: warm that cache, so
    # the count is the same whichever test ran first in this process.
    ContentType.objects.get_for_model(Commission)
    # +1 for the comments waiting for moderation; +1 for the commission's market
    # engagements; +1 for the past lessons pinned to it.
    with django_assert_max_num_queries(PAGE_OVERHEAD + 11):
        response = client.get(reverse("commissioning:commission_detail", args=[commission.pk]))
    assert response.status_code == 200
    # +1 for the pinned lessons offered as citations; each section's "Learned before"
    # panel is filled in by the browser, so costs nothing here.
    with django_assert_max_num_queries(PAGE_OVERHEAD + 14):
        response = client.get(reverse("commissioning:specification_detail", args=[commission.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="kindred-spec-section"') == 50


def test_a_mission_is_read_with_its_organisation_and_lead_as_the_orm_reads_them(
    council, commissioner, django_assert_num_queries
):
    led = MissionFactory(organisation=council, lead=commissioner, narrative="Why.")
    unled = MissionFactory(organisation=council, lead=None)
    for mission in (led, unled):
        expected = Mission.objects.select_related("organisation", "lead").get(pk=mission.pk)
        with django_assert_num_queries(1):
            found = mission_get(mission.pk)
            assert found.organisation == council
            assert found.lead == expected.lead
        for field in Mission._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(expected, field.attname), field
        for field in Organisation._meta.concrete_fields:
            assert getattr(found.organisation, field.attname) == getattr(
                expected.organisation, field.attname
            ), field
    assert mission_get(unled.pk + 1000) is None
