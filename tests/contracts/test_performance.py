"""KPIs, readings, assessments, changes, extension options, decisions and learning."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts import services
from contracts.models import ContractStatus, LearningEntry
from contracts.services import ContractInvalid
from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import CheckInFactory, ContractFactory, KpiFactory
from tests.dates import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council, supplier_org):
    return ContractFactory(organisation=council, provider=supplier_org)


def test_contract_over_5m_needs_three_kpis(client, contract_manager, council):
    big = ContractFactory(organisation=council, value=Decimal("6000000"))
    KpiFactory(contract=big)
    assert services.kpis_missing(big, 1) == 2
    client.force_login(contract_manager)
    html = client.get(reverse("contracts:contract_detail", args=[big.pk])).content.decode()
    assert "need at least 3 KPIs" in html and "Add 2 more" in html


def test_contract_under_5m_has_no_kpi_warning(contract):
    assert services.kpis_missing(contract, 0) == 0


def test_manager_adds_a_kpi_and_either_side_records_readings(
    contract, contract_manager, supplier_user
):
    kpi = services.kpi_add(
        contract=contract,
        name="Families seen",
        measure="Booking system count",
        target="40 a week",
        frequency="quarterly",
        by=contract_manager,
    )
    reading = services.kpi_reading_record(kpi=kpi, period="Q1", value="38", by=supplier_user)
    assert reading.recorded_by == supplier_user
    with pytest.raises(ContractInvalid, match="already a reading"):
        services.kpi_reading_record(kpi=kpi, period="q1", value="39", by=contract_manager)


def test_provider_cannot_add_kpis(contract, supplier_user):
    with pytest.raises(PermissionDenied):
        services.kpi_add(
            contract=contract,
            name="x",
            measure="y",
            target="z",
            frequency="monthly",
            by=supplier_user,
        )


def test_assessment_rates_every_kpi(contract, contract_manager):
    first, second = KpiFactory(contract=contract), KpiFactory(contract=contract)
    with pytest.raises(ContractInvalid, match="Rate every KPI"):
        services.assessment_record(
            contract=contract,
            period="2027 to 2028",
            assessed_on=datetime.date(2028, 4, 1),
            narrative="Strong year.",
            ratings={first.pk: ("good", "")},
            by=contract_manager,
        )
    assessment = services.assessment_record(
        contract=contract,
        period="2027 to 2028",
        assessed_on=datetime.date(2028, 4, 1),
        narrative="Strong year.",
        ratings={first.pk: ("good", ""), second.pk: ("requires_improvement", "Slow start")},
        by=contract_manager,
    )
    assert {r.rating for r in assessment.ratings.all()} == {"good", "requires_improvement"}


def test_a_change_in_value_is_logged_and_applied(contract, contract_manager):
    services.modification_record(
        contract=contract,
        made_on=datetime.date(2027, 5, 1),
        description="Add a Saturday session",
        reason="Families asked for it",
        value_change=Decimal("5000"),
        by=contract_manager,
    )
    contract.refresh_from_db()
    assert contract.value == Decimal("125000")
    assert contract.modifications.get().reason == "Families asked for it"


def test_a_change_needs_a_reason(contract, contract_manager):
    with pytest.raises(ContractInvalid, match="why"):
        services.modification_record(
            contract=contract,
            made_on=datetime.date(2027, 5, 1),
            description="x",
            reason="",
            by=contract_manager,
        )


def test_using_an_extension_option_moves_the_end_date_once(council, contract_manager):
    contract = ContractFactory(
        organisation=council, status=ContractStatus.ACTIVE, end_date=datetime.date(2028, 3, 31)
    )
    option = services.extension_option_add(contract=contract, months=12, by=contract_manager)
    contract = services.extension_option_use(option=option, by=contract_manager)
    assert contract.end_date == datetime.date(2029, 3, 31)
    assert contract.status == ContractStatus.IN_EXTENSION
    with pytest.raises(ContractInvalid, match="already been used"):
        services.extension_option_use(option=option, by=contract_manager)


def test_recommissioning_decision_is_recorded(contract, contract_manager):
    decision = services.recommissioning_decide(
        contract=contract, decision="in_house", reason="Cheaper and closer", by=contract_manager
    )
    assert decision.get_decision_display() == "Bring the service in-house"


def test_learning_from_a_checkin_links_the_contract_and_missions(
    contract, contract_manager, council
):
    mission = MissionFactory(organisation=council)
    checkin = CheckInFactory(contract=contract)
    entry = services.learning_record(
        organisation=council,
        title="Texts work better than letters",
        body="Families replied to texts.",
        did_not_work=True,
        checkin=checkin,
        missions=[mission],
        by=contract_manager,
    )
    assert entry.contract == contract and list(entry.missions.all()) == [mission]


def test_supplier_cannot_write_the_buyers_learning_log(council, supplier_user):
    with pytest.raises(PermissionDenied):
        services.learning_record(organisation=council, title="x", body="y", by=supplier_user)
    assert not LearningEntry.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "kpi_create",
        "assessment_create",
        "modification_create",
        "extension_option_create",
        "decision_create",
        "learning_create",
        "checkin_schedule",
    ],
)
def test_management_pages_are_for_the_buyers_managers_only(
    client, name, contract, contract_manager, supplier_user, viewer
):
    url = reverse(f"contracts:{name}", args=[contract.pk])
    client.force_login(contract_manager)
    assert client.get(url).status_code == 200
    for person in (supplier_user, viewer):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_learning_log_lists_the_councils_entries(client, contract_manager, council):
    services.learning_record(
        organisation=council,
        title="Drop-ins beat appointments",
        body="More came.",
        by=contract_manager,
    )
    client.force_login(contract_manager)
    assert (
        "Drop-ins beat appointments"
        in client.get(reverse("contracts:learning_list")).content.decode()
    )


def test_public_learning_page_shows_only_public_entries_to_anyone(
    client, contract_manager, council
):
    services.learning_record(
        organisation=council, title="Shared lesson", body="a", is_public=True, by=contract_manager
    )
    services.learning_record(
        organisation=council, title="Internal lesson", body="b", by=contract_manager
    )
    response = client.get(reverse("contracts:learning_public"))
    assertContains(response, "Shared lesson")
    assertNotContains(response, "Internal lesson")


def test_contract_records_the_outcomes_it_contributes_to(client, contract_manager, council):
    from commissioning.models import Outcome

    mission = MissionFactory(organisation=council)
    outcome = Outcome.objects.create(mission=mission, title="More young people in work")
    client.force_login(contract_manager)
    response = client.post(
        reverse("contracts:contract_create"),
        {
            "title": "Youth mentoring",
            "kind": "in_house",
            "provider_name": "Youth service",
            "value": "1000",
            **date_fields("start_date", datetime.date(2027, 4, 1)),
            **date_fields("end_date", datetime.date(2028, 3, 31)),
            "outcomes": [outcome.pk],
        },
    )
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "More young people in work" in detail


def test_outcomes_of_another_council_are_refused(contract_manager, council, other_council):
    from commissioning.models import Outcome

    outcome = Outcome.objects.create(
        mission=MissionFactory(organisation=other_council), title="Elsewhere"
    )
    with pytest.raises(ContractInvalid, match="outcomes of missions"):
        services.contract_create(
            organisation=council,
            title="x",
            kind="in_house",
            provider_name="Team",
            value=1,
            start_date=datetime.date(2027, 1, 1),
            end_date=datetime.date(2027, 2, 1),
            outcomes=[outcome],
            by=contract_manager,
        )
