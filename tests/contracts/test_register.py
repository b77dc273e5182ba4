"""The contract register as a working tool: filters, search, columns and the CSV download."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts import services
from contracts.models import Contract
from tests.commissioning.factories import MissionFactory, PlaceFactory
from tests.contracts.factories import ActionFactory, ContractFactory, InHouseContractFactory
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("contracts:contract_list")
CSV_URL = reverse("contracts:contract_list_csv")


@pytest.fixture
def register(council, contract_manager, supplier_org):
    """Four contracts that differ in kind, status, manager, mission and provider type."""
    fed = MissionFactory(organisation=council, title="Everyone eats well")
    other_manager = MembershipFactory(organisation=council, role="contract_manager").user
    micro = OrganisationFactory(name="Nib & Nettle", kind="supplier", supplier_type="micro")
    large = OrganisationFactory(name="Amberline plc", kind="supplier", supplier_type="large")
    meals = ContractFactory(
        organisation=council,
        title="School holiday meals",
        provider=supplier_org,  # a co-operative: VCSE
        contract_manager=contract_manager,
    )
    meals.missions.set([fed])
    vans = ContractFactory(
        organisation=council,
        title="Electric vans",
        provider=large,
        contract_manager=other_manager,
    )
    Contract.objects.filter(pk=vans.pk).update(status="active")
    growing = ContractFactory(
        organisation=council, kind="grant", title="Community growing", provider=micro
    )
    caretaking = InHouseContractFactory(
        organisation=council, title="Estate caretaking", provider_name="Estate services team"
    )
    return {
        "fed": fed,
        "manager": contract_manager,
        "meals": meals,
        "vans": vans,
        "growing": growing,
        "caretaking": caretaking,
    }


def _titles(response) -> set[str]:
    return {contract.title for contract in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "grant"}, {"growing"}),
        ({"kind": "in_house"}, {"caretaking"}),
        ({"status": "active"}, {"vans"}),
        ({"manager": "none"}, {"growing", "caretaking"}),
        ({"provider_type": "vcse"}, {"meals"}),
        ({"provider_type": "micro"}, {"growing"}),
        ({"provider_type": "large"}, {"vans"}),
        ({"q": "VANS"}, {"vans"}),
        ({"q": "nettle"}, {"growing"}),
        ({"q": "estate services"}, {"caretaking"}),
        ({"kind": "tendered", "provider_type": "large"}, {"vans"}),
    ],
)
def test_each_filter_narrows_the_register(client, register, query, expected):
    client.force_login(register["manager"])
    response = client.get(LIST_URL, query)
    assert _titles(response) == {register[name].title for name in expected}


def test_filter_by_manager_and_mission(client, register):
    client.force_login(register["manager"])
    by_manager = client.get(LIST_URL, {"manager": register["manager"].pk})
    assert _titles(by_manager) == {"School holiday meals"}
    by_mission = client.get(LIST_URL, {"mission": register["fed"].pk})
    assert _titles(by_mission) == {"School holiday meals"}
    assertContains(by_mission, "1 contract matches your search")


def test_the_register_shows_kind_and_manager_columns(client, register):
    client.force_login(register["manager"])
    response = client.get(LIST_URL)
    assertContains(response, '<th scope="col" class="govuk-table__header">Kind</th>', html=True)
    assertContains(response, '<th scope="col" class="govuk-table__header">Manager</th>', html=True)
    assertContains(response, "In-house service agreement")
    assertContains(response, register["manager"].full_name)


def test_a_mistyped_filter_is_shown_as_an_error_and_ignored(client, register):
    client.force_login(register["manager"])
    response = client.get(LIST_URL, {"kind": "bribe", "status": "active"})
    assertContains(response, "govuk-error-summary")
    assert _titles(response) == {"Electric vans"}


def test_another_councils_mission_finds_nothing(client, register, other_council):
    client.force_login(register["manager"])
    foreign = MissionFactory(organisation=other_council)
    response = client.get(LIST_URL, {"mission": foreign.pk})
    assertContains(response, "govuk-error-summary")


def test_nothing_matching_says_so(client, register):
    client.force_login(register["manager"])
    response = client.get(LIST_URL, {"q": "zeppelins"})
    assertContains(response, "No contracts match your search.")


def test_the_filters_work_without_javascript_as_a_get_form(client, register):
    client.force_login(register["manager"])
    response = client.get(LIST_URL)
    assertContains(response, 'method="get"')
    assertContains(response, "Show contracts")
    assertContains(response, "Clear filters")


def test_a_provider_filters_only_by_what_fits_its_own_list(client, register, supplier_user):
    client.force_login(supplier_user)
    response = client.get(LIST_URL)
    assert _titles(response) == {"School holiday meals"}
    assertContains(response, 'name="kind"')
    assertNotContains(response, 'name="provider_type"')
    assertNotContains(response, 'name="manager"')


# --- CSV -----------------------------------------------------------------------------------
def _read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="contracts-')
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_exactly_the_filtered_contracts_of_every_page(
    client, council, register, supplier_org
):
    Contract.objects.bulk_create(
        Contract(
            organisation=council,
            title=f"Grant {n}",
            kind="grant",
            provider=supplier_org,
            value=1000,
            start_date=datetime.date(2027, 1, 1),
            end_date=datetime.date(2028, 1, 1),
        )
        for n in range(30)
    )
    client.force_login(register["manager"])
    page = client.get(LIST_URL, {"kind": "grant"})
    assertContains(page, f"{CSV_URL}?kind=grant")

    rows = _read_csv(client.get(CSV_URL, {"kind": "grant"}))

    assert len(rows) == 31  # more than one page of the register
    assert {row["Kind of agreement"] for row in rows} == {"Grant agreement"}


def test_the_csv_lists_the_columns_people_need(client, register):
    ActionFactory(contract=register["meals"])
    client.force_login(register["manager"])
    rows = _read_csv(client.get(CSV_URL, {"q": "holiday meals"}))
    assert rows == [
        {
            "Title": "School holiday meals",
            "Kind of agreement": "Contract from a tender",
            "Status": "Mobilising",
            "Buyer": "Northbridge Council",
            "Provider": "Good Food Co-op",
            "Provider type": "Co-operative",
            "Contract manager": register["manager"].full_name,
            "Value (£)": "120000.00",
            "Start date": "2026-04-01",
            "End date": "2028-03-31",
            "Missions": "Everyone eats well",
            "Open actions": "1",
            "Link": f"{settings.SITE_URL}/contracts/{register['meals'].pk}/",
        }
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(client, council, register, start):
    ContractFactory(organisation=council, title=f'{start}HYPERLINK("http://evil")')
    client.force_login(register["manager"])
    rows = _read_csv(client.get(CSV_URL, {"q": "HYPERLINK"}))
    assert rows[0]["Title"] == f'\'{start}HYPERLINK("http://evil")'


def test_the_csv_is_refused_to_people_outside_the_register(client, register, other_commissioner):
    client.force_login(other_commissioner)
    rows = _read_csv(client.get(CSV_URL))
    assert "School holiday meals" not in {row["Title"] for row in rows}


# --- Performance -----------------------------------------------------------------------------
def test_filtered_register_and_csv_run_constant_queries_at_1000_contracts(
    client, council, register, supplier_org, django_assert_max_num_queries
):
    contracts = Contract.objects.bulk_create(
        Contract(
            organisation=council,
            title=f"Contract {n}",
            kind="tendered",
            provider=supplier_org,
            contract_manager=register["manager"],
            value=1000 + n,
            start_date=datetime.date(2027, 1, 1),
            end_date=datetime.date(2028, 1, 1) + datetime.timedelta(days=n % 365),
        )
        for n in range(1000)
    )
    Contract.missions.through.objects.bulk_create(
        Contract.missions.through(contract_id=c.pk, mission_id=register["fed"].pk)
        for c in contracts
    )
    client.force_login(register["manager"])
    query = {
        "q": "contract",
        "kind": "tendered",
        "manager": register["manager"].pk,
        "mission": register["fed"].pk,
        "provider_type": "vcse",
        "page": 20,
    }
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL, query)
    assertContains(response, "1000 contracts match your search")
    with django_assert_max_num_queries(10):
        rows = _read_csv(client.get(CSV_URL, query))
    assert len(rows) == 1000


# --- Kept filter choices: a change shows at once, and each buyer sees its own ----------------
def _options(response, name: str) -> list[str]:
    form = response.context["form"]
    return [label for _, label in form.fields[name].choices]


def test_register_filter_choices_follow_missions_places_and_managers(
    client, council, register, django_assert_max_num_queries
):
    client.force_login(register["manager"])
    client.get(LIST_URL)  # keeps the choices
    with django_assert_max_num_queries(6):
        response = client.get(LIST_URL)
    assert "Everyone eats well" in _options(response, "mission")

    register["fed"].title = "Everyone eats well, renamed"
    register["fed"].save()
    place = PlaceFactory(organisation=council, name="Riverside ward")
    newcomer = MembershipFactory(organisation=council, role="contract_manager").user
    newcomer.full_name = "Nia Newcomer"
    newcomer.save()
    response = client.get(LIST_URL)
    assert "Everyone eats well, renamed" in _options(response, "mission")
    assert "Riverside ward" in _options(response, "place")
    assert "Nia Newcomer" in _options(response, "manager")

    place.delete()
    newcomer.full_name = "Nia Renamed"
    newcomer.save()
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Riverside ward" not in _options(response, "place")
    assert "Nia Renamed" in _options(response, "manager")
    newcomer.memberships.get().delete()
    assert "Nia Renamed" not in _options(client.get(LIST_URL), "manager")


def test_each_buyer_gets_its_own_register_filter_choices(
    client, register, other_council, other_commissioner
):
    MissionFactory(organisation=other_council, title="Their own mission")
    client.force_login(register["manager"])
    ours = _options(client.get(LIST_URL), "mission")
    client.force_login(other_commissioner)
    theirs = _options(client.get(LIST_URL), "mission")
    assert "Everyone eats well" in ours and "Their own mission" not in ours
    assert "Their own mission" in theirs and "Everyone eats well" not in theirs


# --- Kept filter form HTML: drawn once per buyer while nothing is asked of it -----------------
def test_kept_filter_form_shows_a_renamed_mission_a_new_place_and_manager(
    client, council, register
):
    client.force_login(register["manager"])
    assertContains(client.get(LIST_URL), "Everyone eats well</option>")  # keeps the HTML
    register["fed"].title = "Everyone eats better"
    register["fed"].save()
    response = client.get(LIST_URL)
    assertContains(response, "Everyone eats better</option>")
    assertNotContains(response, "Everyone eats well</option>")
    PlaceFactory(organisation=council, name="Riverside ward")
    assertContains(client.get(LIST_URL), "Riverside ward</option>")
    register["manager"].full_name = "Mo Renamed"
    register["manager"].save()
    assertContains(client.get(LIST_URL), "Mo Renamed</option>")


def test_kept_filter_form_is_each_organisations_own(
    client, register, other_council, other_commissioner, supplier_user
):
    MissionFactory(organisation=other_council, title="Their own mission")
    client.force_login(register["manager"])
    ours = client.get(LIST_URL)
    assertContains(ours, "Everyone eats well</option>")
    assertNotContains(ours, "Their own mission")
    client.force_login(other_commissioner)
    theirs = client.get(LIST_URL)
    assertContains(theirs, "Their own mission</option>")
    assertNotContains(theirs, "Everyone eats well")
    client.force_login(supplier_user)
    provider = client.get(LIST_URL)
    assertContains(provider, "Search by words in the title or the buyer&#x27;s name")
    assertNotContains(provider, 'name="mission"')


def test_a_filled_in_filter_form_is_drawn_from_its_query_not_the_kept_one(client, register):
    client.force_login(register["manager"])
    client.get(LIST_URL)  # keeps the blank form
    response = client.get(LIST_URL, {"kind": "grant", "mission": "nonsense"})
    assertContains(response, '<option value="grant" selected>')
    assertContains(response, "govuk-error-summary")
    assertNotContains(client.get(LIST_URL), "govuk-error-summary")


# --- Kept first page: drawn once per buyer, drawn again after each write it shows ------------
def _row(response, title: str) -> str:
    """The register's row for the contract with this title ('' when it is not there)."""
    assert response.status_code == 200
    rows = response.content.decode().split('<tr class="govuk-table__row">')
    return next((row.split("</tr>")[0] for row in rows if f">{title}</a>" in row), "")


def test_a_buyers_first_page_is_kept_and_read_without_the_contract_queries(client, register):
    client.force_login(register["manager"])
    with CaptureQueriesContext(connection) as first:
        drawn = client.get(LIST_URL)
    with CaptureQueriesContext(connection) as again:
        kept = client.get(LIST_URL)
    table = drawn.content.decode().split("<table")[1].split("</table>")[0]
    assert "School holiday meals" in table
    assertContains(kept, table)
    # The count and the page's rows were read once, and are not read again.
    assert len([q for q in first.captured_queries if "contracts_contract" in q["sql"]]) == 2
    assert not [q for q in again.captured_queries if "contracts_contract" in q["sql"]]


def test_each_write_the_kept_first_page_shows_is_on_the_next_view(
    client, council, register, supplier_org
):
    manager = register["manager"]
    client.force_login(manager)
    meals = register["meals"]
    assert "Good Food Co-op" in _row(client.get(LIST_URL), "School holiday meals")  # kept
    # A contract's own fields, through the service that edits them.
    services.contract_update(
        contract=meals,
        title="School holiday lunches",
        contract_manager=manager,
        start_date=meals.start_date,
        end_date=meals.end_date,
        missions=[register["fed"]],
        places=[],
        outcomes=[],
        value=meals.value,
        by=manager,
    )
    response = client.get(LIST_URL)
    assert "School holiday lunches" in _row(response, "School holiday lunches")
    assert _row(response, "School holiday meals") == ""
    # Its status.
    services.contract_start(contract=meals, by=manager)
    assert 'govuk-tag--green">Active' in _row(client.get(LIST_URL), "School holiday lunches")
    # Its open actions: one agreed, then done, then another deleted.
    action = services.action_add(contract=meals, description="Menu", owner="Cook", by=manager)
    open_cell = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    assert open_cell.format(1) in _row(client.get(LIST_URL), "School holiday lunches")
    services.action_complete(action=action, by=manager)
    assert open_cell.format(0) in _row(client.get(LIST_URL), "School holiday lunches")
    ActionFactory(contract=register["vans"])
    assert open_cell.format(1) in _row(client.get(LIST_URL), "Electric vans")
    register["vans"].actions.get().delete()
    assert open_cell.format(0) in _row(client.get(LIST_URL), "Electric vans")
    # The provider's name and the manager's.
    supplier_org.name = "Good Food Workers Co-op"
    supplier_org.save()
    assert "Good Food Workers Co-op" in _row(client.get(LIST_URL), "School holiday lunches")
    manager.full_name = "Morgan Renamed"
    manager.save()
    assert "Morgan Renamed" in _row(client.get(LIST_URL), "School holiday lunches")
    # The other manager leaves: their contract has none.
    vans = _row(client.get(LIST_URL), "Electric vans")
    assert vans and "Not chosen" not in vans
    Contract.objects.get(pk=register["vans"].pk).contract_manager.delete()
    assert "Not chosen" in _row(client.get(LIST_URL), "Electric vans")
    # A contract added, and one deleted: the rows and the count.
    ContractFactory(organisation=council, title="Library van", provider=supplier_org)
    response = client.get(LIST_URL)
    assertContains(response, "5 contracts")
    assert _row(response, "Library van")
    register["growing"].delete()
    response = client.get(LIST_URL)
    assertContains(response, "4 contracts")
    assert _row(response, "Community growing") == ""


def test_kept_first_page_is_each_buyers_own_and_never_a_providers_or_a_later_page(
    client, register, other_council, other_commissioner, supplier_user, supplier_org
):
    ContractFactory(organisation=other_council, title="Their own contract", provider=supplier_org)
    client.force_login(register["manager"])
    ours = client.get(LIST_URL)
    assert _row(ours, "School holiday meals") and not _row(ours, "Their own contract")
    client.force_login(other_commissioner)
    theirs = client.get(LIST_URL)
    assert _row(theirs, "Their own contract") and not _row(theirs, "School holiday meals")
    client.force_login(supplier_user)
    provided = client.get(LIST_URL)  # the provider's list names each buyer
    assert "Northbridge Council" in _row(provided, "School holiday meals")
    assert "Southvale Council" in _row(provided, "Their own contract")
    client.force_login(register["manager"])
    grants = client.get(LIST_URL, {"kind": "grant"})
    assert _row(grants, "Community growing") and not _row(grants, "School holiday meals")
