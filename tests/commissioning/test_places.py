"""Places: the hierarchy, its rules, the CSV import and the place-based lens."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent
from commissioning import places_csv, services
from commissioning.models import Commission, Need, Place, PlaceKind
from core.errors import DomainError
from tests.commissioning.factories import (
    CommissionFactory,
    MissionFactory,
    NeedFactory,
    PlaceFactory,
)
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db

REFUSED_PEOPLE = ["viewer", "evaluator", "contract_manager", "other_commissioner", "supplier_user"]
PAGE_OVERHEAD = 5

GOOD_CSV = (
    b"name,kind,parent,code\n"
    b"Castle ward,ward,North Northbridge,E05000101\n"
    b"Kestrel estate,Neighbourhood,Castle ward,\n"
    b"North Northbridge,area,Northbridge,\n"
    b"Northbridge,authority,,E06000099\n"
)


@pytest.fixture
def hierarchy(council, commissioner):
    authority = services.place_create(
        organisation=council, name="Northbridge", kind="authority", by=commissioner
    )
    area = services.place_create(
        organisation=council, name="North", kind="area", parent=authority, by=commissioner
    )
    ward = services.place_create(
        organisation=council, name="Castle ward", kind="ward", parent=area, by=commissioner
    )
    estate = services.place_create(
        organisation=council,
        name="Kestrel estate",
        kind="neighbourhood",
        parent=ward,
        by=commissioner,
    )
    return {"authority": authority, "area": area, "ward": ward, "estate": estate}


# --- Place services ----------------------------------------------------------------------
def test_commissioner_builds_a_hierarchy_and_each_place_is_audited(hierarchy):
    ward = hierarchy["ward"]
    assert ward.parent == hierarchy["area"]
    assert AuditEvent.objects.filter(target_id=str(ward.pk), verb="created").exists()


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_the_councils_commissioners_may_add_places(request, council, person):
    with pytest.raises(PermissionDenied):
        services.place_create(
            organisation=council, name="Castle", kind="ward", by=request.getfixturevalue(person)
        )


def test_place_names_are_unique_in_an_organisation(council, commissioner, hierarchy):
    with pytest.raises(DomainError, match="already has a place"):
        services.place_create(
            organisation=council, name="castle WARD", kind="ward", by=commissioner
        )


def test_a_parent_must_belong_to_the_same_organisation(
    other_council, other_commissioner, hierarchy
):
    with pytest.raises(DomainError, match="your own organisation"):
        services.place_create(
            organisation=other_council,
            name="Southvale",
            kind="area",
            parent=hierarchy["authority"],
            by=other_commissioner,
        )


@pytest.mark.parametrize(
    ("kind", "parent"),
    [("authority", "area"), ("area", "ward"), ("ward", "estate"), ("ward", "ward")],
)
def test_a_place_sits_inside_a_broader_kind_of_place(
    council, commissioner, hierarchy, kind, parent
):
    with pytest.raises(DomainError, match="cannot be inside"):
        services.place_create(
            organisation=council, name="New", kind=kind, parent=hierarchy[parent], by=commissioner
        )


def test_a_ward_may_sit_straight_inside_an_authority(council, commissioner, hierarchy):
    place = services.place_create(
        organisation=council,
        name="Hollowgate",
        kind="ward",
        parent=hierarchy["authority"],
        by=commissioner,
    )
    assert place.parent == hierarchy["authority"]


def test_a_place_cannot_be_moved_inside_itself_or_its_own_descendants(commissioner, hierarchy):
    with pytest.raises(DomainError, match="inside itself"):
        services.place_update(place=hierarchy["area"], parent=hierarchy["area"], by=commissioner)
    with pytest.raises(DomainError):
        services.place_update(
            place=hierarchy["authority"], parent=hierarchy["ward"], by=commissioner
        )
    hierarchy["authority"].refresh_from_db()
    assert hierarchy["authority"].parent is None


def test_changing_a_kind_must_still_fit_the_places_inside(commissioner, hierarchy):
    with pytest.raises(DomainError, match="Castle ward is inside this place"):
        services.place_update(place=hierarchy["area"], kind="neighbourhood", by=commissioner)


def test_place_update_records_the_changes(commissioner, hierarchy):
    ward = services.place_update(place=hierarchy["ward"], code="E05000101", by=commissioner)
    assert ward.code == "E05000101"
    event = AuditEvent.objects.get(target_id=str(ward.pk), verb="updated")
    assert event.changes == {"code": ["", "E05000101"]}


# --- CSV import ----------------------------------------------------------------------------
def test_a_good_file_imports_with_parents_later_in_the_file(council, commissioner):
    result = services.places_import(organisation=council, data=GOOD_CSV, by=commissioner)
    assert sorted(result.created) == [
        "Castle ward",
        "Kestrel estate",
        "North Northbridge",
        "Northbridge",
    ]
    estate = Place.objects.get(name="Kestrel estate")
    assert estate.kind == PlaceKind.NEIGHBOURHOOD
    assert estate.parent.name == "Castle ward"
    assert estate.parent.parent.parent.name == "Northbridge"
    assert Place.objects.get(name="Northbridge").code == "E06000099"
    assert AuditEvent.objects.filter(verb="places imported", organisation=council).exists()


def test_importing_the_same_file_twice_changes_nothing(council, commissioner):
    services.places_import(organisation=council, data=GOOD_CSV, by=commissioner)
    again = services.places_import(organisation=council, data=GOOD_CSV, by=commissioner)
    assert again.created == [] and again.updated == []
    assert Place.objects.filter(organisation=council).count() == 4


def test_an_import_updates_places_with_the_same_name(council, commissioner, hierarchy):
    data = b"name,kind,parent,code\nCastle ward,ward,Northbridge,E05000777\n"
    result = services.places_import(organisation=council, data=data, by=commissioner)
    assert result.updated == ["Castle ward"]
    ward = Place.objects.get(name="Castle ward")
    assert (ward.parent.name, ward.code) == ("Northbridge", "E05000777")


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row(council, commissioner):
    data = (
        b"name,kind,parent,code\n"
        b"Northbridge,authority,,\n"
        b"Castle ward,county,Northbridge,\n"
        b",ward,Northbridge,\n"
        b"Millfield,ward,Nowhere,\n"
        b"Northbridge,area,,\n"
    )
    with pytest.raises(places_csv.PlacesCsvInvalid) as caught:
        services.places_import(organisation=council, data=data, by=commissioner)
    errors = caught.value.errors
    assert any(
        e.startswith("Row 3:") and "authority, area, ward or neighbourhood" in e for e in errors
    )
    assert any(e.startswith("Row 4:") and "Enter a name" in e for e in errors)
    assert any(e.startswith("Row 6:") and "already on row 2" in e for e in errors)
    assert not Place.objects.exists()


def test_an_unknown_parent_is_reported_after_the_rows_themselves_are_fine(council, commissioner):
    data = b"name,kind,parent\nMillfield,ward,Nowhere\n"
    with pytest.raises(places_csv.PlacesCsvInvalid) as caught:
        services.places_import(organisation=council, data=data, by=commissioner)
    assert caught.value.errors == [
        "Row 2: There is no place called “Nowhere” in the file or already saved."
    ]


def test_a_loop_in_the_file_is_refused(council, commissioner):
    data = b"name,kind,parent\nA,ward,B\nB,ward,A\nC,ward,C\n"
    with pytest.raises(places_csv.PlacesCsvInvalid) as caught:
        services.places_import(organisation=council, data=data, by=commissioner)
    errors = caught.value.errors
    assert any(e.startswith("Row 2:") and "loop" in e for e in errors)
    assert any(e.startswith("Row 4:") and "cannot be inside itself" in e for e in errors)
    assert not Place.objects.exists()


def test_a_loop_through_saved_places_is_refused(council, commissioner, hierarchy):
    data = b"name,kind,parent\nNorthbridge,authority,Kestrel estate\n"
    with pytest.raises(places_csv.PlacesCsvInvalid):
        services.places_import(organisation=council, data=data, by=commissioner)


def test_a_kind_ordering_problem_is_refused(council, commissioner):
    data = b"name,kind,parent\nNorth,area,Castle\nCastle,ward,\n"
    with pytest.raises(places_csv.PlacesCsvInvalid) as caught:
        services.places_import(organisation=council, data=data, by=commissioner)
    assert caught.value.errors == ["Row 2: An area cannot be inside a ward."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"name,kind\n", "no places in it"),
        (b"title,type\nCastle,ward\n", "no name or kind column"),
        (b"name,kind\n\xff\xfe,ward\n", "UTF-8"),
    ],
)
def test_unusable_files_are_explained(council, commissioner, data, message):
    with pytest.raises(places_csv.PlacesCsvInvalid, match=message):
        services.places_import(organisation=council, data=data, by=commissioner)


def test_only_commissioners_may_import(council, viewer):
    with pytest.raises(PermissionDenied):
        services.places_import(organisation=council, data=GOOD_CSV, by=viewer)


# --- Pages -------------------------------------------------------------------------------
def test_import_page_imports_a_good_file(client, commissioner):
    client.force_login(commissioner)
    upload = SimpleUploadedFile("places.csv", GOOD_CSV, content_type="text/csv")
    response = client.post(reverse("commissioning:place_import"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "Places imported: 4 added, 0 changed." in page
    assert "Kestrel estate" in page


def test_import_page_lists_every_bad_row_in_the_error_summary(client, commissioner):
    client.force_login(commissioner)
    data = b"name,kind,parent\nCastle,county,\nMillfield,ward,Nowhere\n"
    upload = SimpleUploadedFile("places.csv", data, content_type="text/csv")
    response = client.post(reverse("commissioning:place_import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert "Nothing was imported" in summary
    assert "Row 2:" in summary and 'href="#id_file"' in summary
    assert not Place.objects.exists()


def test_import_page_refuses_a_file_that_is_not_csv(client, commissioner):
    client.force_login(commissioner)
    upload = SimpleUploadedFile("places.csv", b"%PDF-1.7 not a csv\x00", content_type="text/csv")
    response = client.post(reverse("commissioning:place_import"), {"file": upload})
    assert "is not a real CSV file" in response.content.decode()


def test_place_list_shows_the_tree_indented(client, viewer, hierarchy):
    client.force_login(viewer)
    page = client.get(reverse("commissioning:place_list")).content.decode()
    # Each level is a list inside the list item of its parent.
    assert page.count('class="govuk-list kindred-place-tree') == 4
    assert page.index("Northbridge") < page.index("North<") < page.index("Castle ward")


def test_commissioner_adds_and_changes_a_place_through_the_pages(client, commissioner, hierarchy):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:place_create"),
        {"name": "Millfield ward", "kind": "ward", "parent": hierarchy["area"].pk, "code": ""},
    )
    place = Place.objects.get(name="Millfield ward")
    assert response.status_code == 302
    response = client.post(
        reverse("commissioning:place_edit", args=[place.pk]),
        {"name": "Millfield ward", "kind": "ward", "parent": hierarchy["estate"].pk, "code": ""},
    )
    # Neighbourhoods are not offered as parents at all.
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    response = client.post(
        reverse("commissioning:place_edit", args=[hierarchy["area"].pk]),
        {"name": "North", "kind": "area", "parent": hierarchy["area"].pk, "code": ""},
    )
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize("person", ["viewer", "evaluator", "contract_manager"])
def test_read_only_staff_read_places_but_cannot_change_them(client, request, person, hierarchy):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("commissioning:place_list")).status_code == 200
    assert (
        client.get(reverse("commissioning:place_detail", args=[hierarchy["ward"].pk])).status_code
        == 200
    )
    for url in [
        reverse("commissioning:place_create"),
        reverse("commissioning:place_import"),
        reverse("commissioning:place_edit", args=[hierarchy["ward"].pk]),
    ]:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("person", ["other_commissioner", "supplier_user"])
def test_people_outside_the_council_cannot_find_its_places(client, request, person, hierarchy):
    client.force_login(request.getfixturevalue(person))
    assert (
        client.get(reverse("commissioning:place_detail", args=[hierarchy["ward"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("commissioning:place_edit", args=[hierarchy["ward"].pk])).status_code
        == 404
    )


def test_place_page_gathers_work_in_the_place_and_places_inside_it(
    client, council, viewer, hierarchy
):
    food = MissionFactory(organisation=council, title="Everyone eats well")
    need = NeedFactory(organisation=council, title="Fresh food is hard to reach")
    need.places.add(hierarchy["estate"])
    need.missions.add(food)
    commission = CommissionFactory(
        organisation=council,
        title="Food hubs",
        spend_category="Community food",
        budget_max=Decimal(200000),
    )
    commission.places.add(hierarchy["ward"])
    commission.missions.add(food)
    contract = ContractFactory(organisation=council, commission=commission, value=150000)
    contract.places.add(hierarchy["estate"])
    contract.missions.add(food)
    elsewhere = NeedFactory(organisation=council, title="Not here")
    elsewhere.places.add(PlaceFactory(organisation=council, kind="ward"))
    client.force_login(viewer)
    response = client.get(reverse("commissioning:place_detail", args=[hierarchy["area"].pk]))
    page = response.content.decode()
    assert "Fresh food is hard to reach" in page and "Food hubs" in page
    assert "Community food" in page and "£150,000" in page and "£200,000" in page
    assert "Everyone eats well" in page
    assertNotContains(response, "Not here")
    # The ward's own page covers the estate inside it too; the estate's does not cover the ward.
    response = client.get(reverse("commissioning:place_detail", args=[hierarchy["estate"].pk]))
    assertContains(response, "Fresh food is hard to reach")
    assertNotContains(response, "Food hubs")


def _tag_many(council, wards, missions, count):
    """`count` needs and commissions, and a contract for each commission, spread over the
    wards and missions; written in bulk so a thousand take seconds."""
    needs = Need.objects.bulk_create(
        NeedFactory.build(organisation=council, created_by=None) for _ in range(count)
    )
    commissions = Commission.objects.bulk_create(
        CommissionFactory.build(
            organisation=council,
            owner=None,
            spend_category=f"Category {index % 5}",
            budget_max=1000,
        )
        for index in range(count)
    )
    Need.places.through.objects.bulk_create(
        Need.places.through(need=need, place=wards[i % len(wards)]) for i, need in enumerate(needs)
    )
    Need.missions.through.objects.bulk_create(
        Need.missions.through(need=need, mission=missions[i % len(missions)])
        for i, need in enumerate(needs)
    )
    Commission.places.through.objects.bulk_create(
        Commission.places.through(commission=c, place=wards[i % len(wards)])
        for i, c in enumerate(commissions)
    )
    Commission.missions.through.objects.bulk_create(
        Commission.missions.through(commission=c, mission=missions[i % len(missions)])
        for i, c in enumerate(commissions)
    )
    return needs, commissions


def test_place_page_has_constant_queries(
    client, council, commissioner, hierarchy, django_assert_max_num_queries
):
    missions = MissionFactory.create_batch(4, organisation=council)
    wards = [
        PlaceFactory(organisation=council, kind="ward", parent=hierarchy["area"]) for _ in range(20)
    ]
    _, commissions = _tag_many(council, wards, missions, 1000)
    for index, commission in enumerate(commissions[:40]):
        ContractFactory(organisation=council, commission=commission).places.add(wards[index % 20])
    client.force_login(commissioner)
    # The place, every place of the council; needs and commissions counted, the first few
    # of each and the largest contracts with their missions and the places here they are
    # tagged with; the commissions' budget; needs, commissions and contracts by category,
    # by mission, and by place and mission; and the indicator readings here.
    with django_assert_max_num_queries(PAGE_OVERHEAD + 22):
        response = client.get(
            reverse("commissioning:place_detail", args=[hierarchy["authority"].pk])
        )
    assertContains(response, "The first 10 of 1000 needs")
    assertContains(response, "The first 10 of 1000 commissions")
    assertContains(response, "£1,000,000")  # every commission's budget, not the first ten's
    with django_assert_max_num_queries(PAGE_OVERHEAD + 1):
        response = client.get(reverse("commissioning:place_list"))
    assert response.status_code == 200


def test_place_page_links_to_the_needs_and_commissions_filtered_by_place(
    client, council, viewer, hierarchy
):
    missions = [MissionFactory(organisation=council, title="Everyone eats well")]
    _tag_many(council, [hierarchy["estate"]], missions, 12)
    elsewhere = NeedFactory(organisation=council, title="Needed elsewhere")
    elsewhere.places.add(PlaceFactory(organisation=council, kind="ward"))
    client.force_login(viewer)
    response = client.get(reverse("commissioning:place_detail", args=[hierarchy["ward"].pk]))
    assertContains(response, "The first 10 of 12 needs in Castle ward")
    need_list = f"{reverse('commissioning:need_list')}?place={hierarchy['ward'].pk}"
    commission_list = f"{reverse('commissioning:commission_list')}?place={hierarchy['ward'].pk}"
    assertContains(response, need_list)
    assertContains(response, commission_list)
    # By mission, every need and commission counts, not only those listed.
    mission_row = response.content.decode().split("Everyone eats well</th>")[1].split("</tr>")[0]
    assert mission_row.count(">12<") == 2
    # The filtered lists hold the place's work, including places inside it, and nothing else.
    response = client.get(need_list)
    assertContains(response, "12 needs")
    assertContains(response, "Showing only the needs tagged with")
    assertNotContains(response, "Needed elsewhere")
    response = client.get(commission_list)
    assertContains(response, "12 commissions")
    # A foreign or malformed place shows the whole list.
    response = client.get(f"{reverse('commissioning:need_list')}?place=nonsense")
    assertContains(response, "13 needs")
