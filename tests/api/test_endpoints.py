"""The read API: what each endpoint answers, to whom, filtered and paginated, at a
constant number of queries, within its rate limits; and it never writes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import yaml
from django.urls import reverse
from django.utils import timezone

from commissioning.models import Mission
from tests.api.conftest import bearer
from tests.commissioning.factories import (
    CommissionFactory,
    IndicatorFactory,
    MissionFactory,
    OutcomeFactory,
)
from tests.contracts.factories import ContractFactory
from tests.dialogue import factories as dialogue_factories
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.django_db


def _results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _titles(response: Any) -> list[str]:
    return [row["title"] for row in _results(response)]


def opportunity(**fields: Any) -> Any:
    """A published tender in the search index (the index is refreshed after the commit,
    which a test's transaction never reaches)."""
    from dialogue.services import opportunity_index_refresh

    tender = dialogue_factories.opportunity(**fields)
    opportunity_index_refresh(tender_id=tender.pk)
    return tender


def _draft_mission(council: Any, title: str = "Secret draft mission") -> Mission:
    mission = MissionFactory(organisation=council, title=title)
    Mission.objects.filter(pk=mission.pk).update(status="draft")
    return mission


# --- Opportunities ----------------------------------------------------------------------------
def test_opportunities_are_the_open_tenders_the_search_finds(client, council):
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    draft_mission = _draft_mission(council)
    open_one = opportunity(
        organisation=council, title="Community food hubs", missions=(mission, draft_mission)
    )
    TenderFactory(organisation=council, title="A draft tender")
    opportunity(
        organisation=council,
        title="Closed already",
        submission_deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    rows = _results(client.get(reverse("api:opportunity_list")))
    assert [row["title"] for row in rows] == ["Community food hubs"]
    row = rows[0]
    assert row["reference"] == open_one.reference
    assert row["buyer"] == {"name": council.name, "slug": council.slug}
    # A draft mission's id is not given away through a tender that serves it.
    assert row["missions"] == [mission.pk]
    assert row["url"].endswith(reverse("procurement:tender_detail", args=[open_one.pk]))
    detail = client.get(reverse("api:opportunity_detail", args=[open_one.pk]))
    assert detail.json()["title"] == "Community food hubs"


def test_opportunities_are_filtered_as_the_search_page_filters(client, council, other_council):
    mission = MissionFactory(organisation=council)
    opportunity(organisation=council, title="School meals cooked fresh", missions=(mission,))
    opportunity(organisation=other_council, title="Park benches")
    url = reverse("api:opportunity_list")
    assert _titles(client.get(url, {"q": "meals"})) == ["School meals cooked fresh"]
    assert _titles(client.get(url, {"mission": mission.pk})) == ["School meals cooked fresh"]
    assert _titles(client.get(url, {"buyer": other_council.pk})) == ["Park benches"]
    response = client.get(url, {"procedure": "nonsense"})
    assert response.status_code == 400
    assert "procedure" in response.json()


def test_a_draft_or_closed_tender_is_no_opportunity(client, council):
    draft = TenderFactory(organisation=council)
    assert client.get(reverse("api:opportunity_detail", args=[draft.pk])).status_code == 404


# --- Contracts ----------------------------------------------------------------------------------
@pytest.fixture
def contract(council, supplier_org):
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    commission = CommissionFactory(
        organisation=council,
        summary="Internal: the current caterer is struggling.",
        public_summary="Hot school meals.",
        published_at=timezone.now(),
    )
    contract = ContractFactory(
        organisation=council,
        title="School meals",
        provider=supplier_org,
        commission=commission,
        value=250000,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2028, 8, 31),
    )
    contract.missions.add(mission, _draft_mission(council))
    return contract


def test_contracts_show_their_public_fields_only(client, contract, supplier_org):
    from tests.social_value.factories import CommitmentFactory, DeliveryReturnFactory

    promise = CommitmentFactory(contract=contract, quantity=10)
    DeliveryReturnFactory(commitment=promise, quantity_delivered=4, status="verified")
    DeliveryReturnFactory(commitment=promise, quantity_delivered=8642, status="submitted")
    [row] = _results(client.get(reverse("api:contract_list")))
    assert set(row) == {
        "id",
        "title",
        "kind",
        "status",
        "buyer",
        "provider",
        "value",
        "start_date",
        "end_date",
        "missions",
        "tender_reference",
        "url",
        "summary",
    }
    assert row["provider"] == {
        "name": supplier_org.name,
        "slug": supplier_org.slug,
        "supplier_type": "cooperative",
    }
    assert row["value"] == "250000.00"
    assert [mission["title"] for mission in row["missions"]] == ["Everyone eats well"]
    assert row["summary"] == "Hot school meals."
    assert "Internal" not in str(row)
    detail = client.get(reverse("api:contract_detail", args=[contract.pk])).json()
    [promise_row] = detail["social_value"]
    # Only checked returns count as delivered.
    assert (promise_row["promised"], promise_row["delivered"]) == ("10.00", "4.00")


def test_a_suppliers_own_contract_is_not_a_public_contract(
    client, supplier_org, other_supplier_org
):
    ContractFactory(organisation=supplier_org, provider=other_supplier_org, title="Subcontract")
    assert _results(client.get(reverse("api:contract_list"))) == []


def test_contracts_are_filtered_by_buyer_status_mission_type_and_dates(
    client, contract, other_council
):
    ContractFactory(
        organisation=other_council,
        title="Park upkeep",
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    url = reverse("api:contract_list")
    mission = contract.missions.get(title="Everyone eats well")
    assert _titles(client.get(url, {"buyer": other_council.slug})) == ["Park upkeep"]
    assert _titles(client.get(url, {"mission": mission.pk})) == ["School meals"]
    assert _titles(client.get(url, {"provider_type": "vcse"})) == ["School meals"]
    assert _titles(client.get(url, {"starts_after": "2026-01-01"})) == ["Park upkeep"]
    assert _titles(client.get(url, {"ends_before": "2028-01-01"})) == ["Park upkeep"]
    assert _titles(client.get(url, {"status": "active"})) == []
    assert client.get(url, {"starts_after": "not a date"}).status_code == 400


# --- Missions and outcomes ------------------------------------------------------------------------
def test_missions_and_outcomes_leave_drafts_out(client, council):
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    outcome = OutcomeFactory(mission=mission, title="More people eat fresh food")
    IndicatorFactory(outcome=outcome, name="Residents who eat 5 a day")
    draft = _draft_mission(council)
    OutcomeFactory(mission=draft, title="A draft outcome")
    [row] = _results(client.get(reverse("api:mission_list")))
    assert row["title"] == "Everyone eats well"
    assert row["outcomes"][0]["indicators"][0]["name"] == "Residents who eat 5 a day"
    assert _titles(client.get(reverse("api:outcome_list"))) == ["More people eat fresh food"]
    assert client.get(reverse("api:mission_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("api:mission_detail", args=[mission.pk])).status_code == 200


# --- An organisation's own records -----------------------------------------------------------------
def test_a_council_token_reads_its_own_tenders_drafts_included(
    client, council, other_council, council_token
):
    TenderFactory(organisation=council, title="Our draft")
    opportunity(organisation=council, title="Our open tender")
    TenderFactory(organisation=other_council, title="Their draft")
    titles = _titles(client.get(reverse("api:own_tender_list"), **bearer(council_token)))
    assert sorted(titles) == ["Our draft", "Our open tender"]
    drafts = client.get(
        reverse("api:own_tender_list"), {"status": "draft"}, **bearer(council_token)
    )
    assert _titles(drafts) == ["Our draft"]


def test_a_council_token_reads_its_commissions_and_register(
    client, council, other_council, contract, council_token
):
    CommissionFactory(organisation=other_council, title="Their commission")
    commissions = _titles(client.get(reverse("api:own_commission_list"), **bearer(council_token)))
    assert commissions == [contract.commission.title]
    [row] = _results(client.get(reverse("api:own_contract_list"), **bearer(council_token)))
    # The council's own draft mission is its own to read.
    assert sorted(m["title"] for m in row["missions"]) == [
        "Everyone eats well",
        "Secret draft mission",
    ]


def test_a_supplier_token_reads_the_contracts_it_provides_only(
    client, contract, supplier_token, other_supplier_org, council
):
    ContractFactory(organisation=council, provider=other_supplier_org, title="Someone else's")
    [row] = _results(client.get(reverse("api:own_contract_list"), **bearer(supplier_token)))
    assert row["title"] == "School meals"
    # The council's draft mission is not the supplier's to read.
    assert [m["title"] for m in row["missions"]] == ["Everyone eats well"]
    for name in ("api:own_tender_list", "api:own_commission_list"):
        assert client.get(reverse(name), **bearer(supplier_token)).status_code == 403


@pytest.mark.parametrize(
    "name", ["api:own_tender_list", "api:own_contract_list", "api:own_commission_list"]
)
def test_own_records_need_a_token_not_a_session(client, council_admin, name):
    assert client.get(reverse(name)).status_code == 401
    client.force_login(council_admin)
    assert client.get(reverse(name)).status_code == 401


@pytest.mark.parametrize(
    "name",
    [
        "api:opportunity_list",
        "api:contract_list",
        "api:mission_list",
        "api:outcome_list",
        "api:own_tender_list",
        "api:own_contract_list",
        "api:own_commission_list",
    ],
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_never_writes(client, council_token, name, method):
    response = getattr(client, method)(reverse(name), {}, **bearer(council_token))
    assert response.status_code == 405
    assert getattr(client, method)(reverse(name), {}).status_code == 405


# --- Paging, limits, schema ----------------------------------------------------------------------
def test_lists_come_25_to_a_page_and_up_to_100_on_request(client, council):
    for number in range(30):
        ContractFactory(organisation=council, title=f"Contract {number:02d}")
    url = reverse("api:contract_list")
    first = client.get(url).json()
    assert (first["count"], len(first["results"])) == (30, 25)
    assert "page=2" in first["next"]
    assert len(client.get(url, {"page": 2}).json()["results"]) == 5
    assert len(client.get(url, {"page_size": 500}).json()["results"]) == 30


def _rates(settings: Any, anonymous: str, token: str) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": anonymous, "token": token},
    }


def test_rate_limits_count_per_address_and_per_token(client, settings, council_token):
    from django.core.cache import cache

    cache.clear()
    _rates(settings, anonymous="3/minute", token="5/minute")
    url = reverse("api:mission_list")
    for _ in range(3):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # Another address has its own count; a token has its own, higher, limit.
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200
    for _ in range(5):
        assert client.get(url, **bearer(council_token)).status_code == 200
    assert client.get(url, **bearer(council_token)).status_code == 429
    cache.clear()


def test_the_schema_describes_every_endpoint_and_the_token(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert set(schema["paths"]) == {
        "/api/v1/opportunities/",
        "/api/v1/opportunities/{id}/",
        "/api/v1/contracts/",
        "/api/v1/contracts/{id}/",
        "/api/v1/missions/",
        "/api/v1/missions/{id}/",
        "/api/v1/outcomes/",
        "/api/v1/organisation/tenders/",
        "/api/v1/organisation/contracts/",
        "/api/v1/organisation/commissions/",
    }
    assert schema["components"]["securitySchemes"]["organisationToken"]["scheme"] == "bearer"
    assert schema["info"]["license"]["name"] == "Open Government Licence v3.0"
    params = {p["name"] for p in schema["paths"]["/api/v1/contracts/"]["get"]["parameters"]}
    assert {"status", "mission", "starts_after", "page", "page_size"} <= params


def test_the_docs_page_loads_its_script_from_a_file_not_inline(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html and "<style>" not in html
    assert "swagger-ui-bundle.js" in html
    script = client.get(reverse("api:docs") + "?script=")
    assert script["Content-Type"].startswith("application/javascript")


# --- Queries --------------------------------------------------------------------------------------
def _grow(council: Any, supplier: Any, size: int) -> None:
    from tests.social_value.factories import CommitmentFactory

    mission = Mission.objects.filter(organisation=council).first() or MissionFactory(
        organisation=council
    )
    for number in range(size):
        commission = CommissionFactory(organisation=council)
        commission.missions.add(mission)
        opportunity(organisation=council, missions=(mission,))
        TenderFactory(organisation=council, commission=commission)
        contract = ContractFactory(
            organisation=council, provider=supplier, commission=commission, title=f"C{number}"
        )
        contract.missions.add(mission)
        CommitmentFactory(contract=contract)
        outcome = OutcomeFactory(mission=mission)
        IndicatorFactory(outcome=outcome)
        MissionFactory(organisation=council)


ENDPOINTS = [
    ("api:opportunity_list", None),
    ("api:contract_list", None),
    ("api:mission_list", None),
    ("api:outcome_list", None),
    ("api:own_tender_list", "council"),
    ("api:own_contract_list", "council"),
    ("api:own_commission_list", "council"),
    ("api:own_contract_list", "supplier"),
]


def test_every_list_costs_the_same_at_two_sizes(
    client, council, supplier_org, council_token, supplier_token, django_assert_max_num_queries
):
    tokens = {"council": council_token, "supplier": supplier_token, None: None}

    def counts() -> dict[str, int]:
        found = {}
        for name, who in ENDPOINTS:
            headers = bearer(tokens[who]) if who else {}
            client.get(reverse(name), **headers)  # warm caches, stamp "last used"
            with django_assert_max_num_queries(12) as queries:
                response = client.get(reverse(name), **headers)
            assert response.status_code == 200
            found[f"{name} {who}"] = len(queries.captured_queries)
        return found

    _grow(council, supplier_org, 2)
    small = counts()
    _grow(council, supplier_org, 12)
    assert counts() == small
