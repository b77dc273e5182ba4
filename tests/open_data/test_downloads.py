"""The open data page and its CSVs: for anyone, public fields only, safe to open in a
spreadsheet, streamed at a constant number of queries."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from commissioning.models import Mission
from procurement.models import BidStatus, PriceLine, Tender
from tests.commissioning.factories import CommissionFactory, MissionFactory
from tests.contracts.factories import ContractFactory
from tests.procurement.factories import BidFactory, TenderFactory
from tests.social_value.factories import CommitmentFactory, DeliveryReturnFactory

pytestmark = pytest.mark.django_db

CSV_NAMES = [
    "open_data:contracts_csv",
    "open_data:awards_csv",
    "open_data:social_value_csv",
    "open_data:spend_by_mission_csv",
]


def _rows(client: Any, name: str) -> list[dict[str, str]]:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def mission(council):
    return MissionFactory(organisation=council, title="Everyone eats well")


@pytest.fixture
def awarded(council, mission, supplier_org, other_supplier_org):
    """A tender won by the co-op, with the losing bid's price, and the contract."""
    commission = CommissionFactory(organisation=council, summary="Hot school meals.")
    tender = TenderFactory(
        organisation=council,
        commission=commission,
        title="School meals tender",
        published_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
    )
    winner = BidFactory(tender=tender, supplier=supplier_org, status=BidStatus.SUBMITTED)
    loser = BidFactory(tender=tender, supplier=other_supplier_org, status=BidStatus.SUBMITTED)
    PriceLine.objects.create(bid=loser, item="All of it", quantity=1, unit_price=777123)
    Tender.objects.filter(pk=tender.pk).update(status="awarded", winning_bid=winner)
    contract = ContractFactory(
        organisation=council,
        title="School meals",
        provider=supplier_org,
        commission=commission,
        tender=tender,
        value=250000,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
    )
    contract.missions.add(mission)
    draft = MissionFactory(organisation=council, title="A draft mission")
    Mission.objects.filter(pk=draft.pk).update(status="draft")
    contract.missions.add(draft)
    return contract


def test_the_contracts_register_has_public_fields_only(client, awarded, contract_manager):
    awarded.contract_manager = contract_manager
    awarded.save()
    [row] = _rows(client, "open_data:contracts_csv")
    assert row["Title"] == "School meals"
    assert row["Buyer"] == "Northbridge Council"
    assert row["Provider"] == "Good Food Co-op"
    assert row["Value (£)"] == "250000.00"
    assert row["Missions"] == "Everyone eats well"
    assert row["Tender reference"] == awarded.tender.reference
    assert row["Link"].endswith(reverse("home:public_contract", args=[awarded.pk]))
    # Nothing about the people who manage it.
    assert contract_manager.full_name not in str(row) and contract_manager.email not in str(row)


def test_a_suppliers_own_subcontract_is_not_published(client, supplier_org, other_supplier_org):
    ContractFactory(organisation=supplier_org, provider=other_supplier_org)
    assert _rows(client, "open_data:contracts_csv") == []


def test_awards_name_the_winner_and_count_the_bids_but_never_a_losing_price(client, awarded):
    [row] = _rows(client, "open_data:awards_csv")
    assert row["Supplier"] == "Good Food Co-op"
    assert row["Value (£)"] == "250000.00"
    assert row["Bids received"] == "2"
    response = client.get(reverse("open_data:awards_csv"))
    assert b"777123" not in b"".join(response.streaming_content)


def test_social_value_counts_only_what_the_council_checked(client, awarded):
    promise = CommitmentFactory(contract=awarded, quantity=12)
    DeliveryReturnFactory(commitment=promise, quantity_delivered=5, status="verified")
    DeliveryReturnFactory(commitment=promise, quantity_delivered=900, status="submitted")
    [row] = _rows(client, "open_data:social_value_csv")
    assert (row["Promised"], row["Delivered and checked"]) == ("12.00", "5.00")
    assert row["Contract"] == "School meals"


def test_spend_by_mission_is_split_by_financial_year_and_leaves_drafts_out(
    client, awarded, mission, council
):
    earlier = ContractFactory(
        organisation=council,
        value=1000,
        start_date=datetime.date(2026, 3, 31),
        end_date=datetime.date(2027, 3, 31),
    )
    earlier.missions.add(mission)
    rows = _rows(client, "open_data:spend_by_mission_csv")
    assert [(r["Mission"], r["Financial year"], r["Contracts"], r["Value (£)"]) for r in rows] == [
        ("Everyone eats well", "April 2025 to March 2026", "1", "1000.00"),
        ("Everyone eats well", "April 2026 to March 2027", "1", "250000.00"),
    ]


def test_cells_a_spreadsheet_would_run_are_made_safe(client, council):
    ContractFactory(organisation=council, title='=HYPERLINK("http://evil")')
    [row] = _rows(client, "open_data:contracts_csv")
    assert row["Title"].startswith("'=")


@pytest.mark.parametrize("name", CSV_NAMES)
def test_each_csv_costs_the_same_at_two_sizes(
    client, council, mission, supplier_org, name, django_assert_num_queries
):
    def grow(size: int) -> None:
        for _ in range(size):
            tender = TenderFactory(
                organisation=council, published_at=datetime.datetime.now(datetime.UTC)
            )
            BidFactory(tender=tender, supplier=supplier_org, status=BidStatus.SUBMITTED)
            contract = ContractFactory(organisation=council, provider=supplier_org, tender=tender)
            contract.missions.add(mission, MissionFactory(organisation=council))
            CommitmentFactory(contract=contract)

    grow(2)
    with django_assert_num_queries(1) as small:
        small_rows = _rows(client, name)
    grow(20)
    with django_assert_num_queries(len(small.captured_queries)):
        big_rows = _rows(client, name)
    assert len(big_rows) > len(small_rows)


def test_the_open_data_page_says_what_where_how_often_and_under_which_licence(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "60/minute", "token": "300/minute"},
    }
    response = client.get(reverse("open_data:index"))
    assertContains(response, "Open Government Licence v3.0")
    assertContains(response, "always up to date")
    for name in CSV_NAMES:
        assertContains(response, f'href="{reverse(name)}"')
    assertContains(response, 'href="/open-data/ocds/releases.json"')
    assertContains(response, "ocds_export")
    for name in ("api:docs", "api:schema"):
        assertContains(response, f'href="{reverse(name)}"')
    assertContains(response, "Without a token you can make 60 requests a minute")
    assertContains(response, "With a token, 300 requests a minute")


def test_the_page_costs_no_queries_signed_out(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("open_data:index")).status_code == 200


def test_every_page_links_to_open_data_in_its_footer(client, viewer):
    client.force_login(viewer)
    assertContains(client.get(reverse("home:dashboard")), f'href="{reverse("open_data:index")}"')
    assertContains(client.get(reverse("home:public_index")), f'href="{reverse("open_data:index")}"')
