"""Contract KPIs that feed a mission indicator, and readings attributed to contracts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent
from commissioning.models import IndicatorReading
from contracts import services
from contracts.indicators import services as feeds
from contracts.models import ReadingContribution
from core.errors import DomainError
from tests.commissioning.factories import IndicatorFactory, MissionFactory, OutcomeFactory
from tests.contracts.factories import CheckInFactory, ContractFactory, KpiFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council: Any, supplier_org: Any):
    return ContractFactory(organisation=council, provider=supplier_org, title="Food hubs")


@pytest.fixture
def indicator(council: Any):
    mission = MissionFactory(organisation=council)
    return IndicatorFactory(outcome=OutcomeFactory(mission=mission), name="Families fed")


@pytest.fixture
def kpi(contract: Any):
    return KpiFactory(contract=contract, name="Families seen each week")


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("38", "38.00"),
        ("38%", "38.00"),
        (" £1,200.50 ", "1200.50"),
        ("-3", "-3.00"),
        ("Good", None),
        ("12 of 40", None),
        ("", None),
    ],
)
def test_kpi_numbers_are_read_as_people_write_them(written: str, number: str | None) -> None:
    assert feeds.kpi_number(written) == (Decimal(number) if number else None)


def test_mapping_carries_over_existing_readings_and_names_those_left_out(
    kpi: Any, indicator: Any, contract_manager: Any, supplier_user: Any
) -> None:
    at_checkin = services.kpi_reading_record(
        kpi=kpi,
        period="Q1",
        value="38%",
        checkin=CheckInFactory(contract=kpi.contract, held_on=datetime.date(2026, 7, 1)),
        by=supplier_user,
    )
    services.kpi_reading_record(kpi=kpi, period="Q2", value="Good", by=supplier_user)
    mapped = feeds.kpi_indicator_map(kpi=kpi, indicator=indicator, by=contract_manager)
    assert (mapped.carried, mapped.skipped) == (1, ["Q2"])
    reading = IndicatorReading.objects.get()
    assert (reading.indicator, reading.value, reading.date) == (
        indicator,
        Decimal(38),
        datetime.date(2026, 7, 1),
    )
    assert reading.from_kpi and reading.source == "KPI “Families seen each week”, Food hubs"
    contribution = ReadingContribution.objects.get()
    assert (contribution.contract, contribution.kpi_reading) == (kpi.contract, at_checkin)
    assert AuditEvent.objects.filter(verb="mapped", target_id=str(kpi.pk)).exists()
    # Mapping again changes nothing: the reading is updated, not added twice.
    feeds.kpi_indicator_map(kpi=kpi, indicator=indicator, by=contract_manager)
    assert IndicatorReading.objects.count() == 1


def test_each_new_reading_of_a_mapped_kpi_feeds_the_indicator(
    kpi: Any, indicator: Any, contract_manager: Any, supplier_user: Any
) -> None:
    feeds.kpi_indicator_map(kpi=kpi, indicator=indicator, by=contract_manager)
    kpi.refresh_from_db()
    services.kpi_reading_record(
        kpi=kpi, period="April to June", value="41", note="Busy", by=supplier_user
    )
    reading = indicator.readings.get()
    assert reading.value == Decimal(41)
    assert reading.date == datetime.date.today()
    assert reading.note == "April to June. Busy"
    assert reading.recorded_by == supplier_user
    assert list(reading.contributions.values_list("contract", flat=True)) == [kpi.contract_id]


def test_a_mapped_kpi_takes_numbers_only_and_keeps_nothing_half_done(
    kpi: Any, indicator: Any, contract_manager: Any
) -> None:
    feeds.kpi_indicator_map(kpi=kpi, indicator=indicator, by=contract_manager)
    kpi.refresh_from_db()
    with pytest.raises(DomainError, match="as a number") as error:
        services.kpi_reading_record(kpi=kpi, period="Q1", value="Good", by=contract_manager)
    assert error.value.field == "value"
    assert not kpi.readings.exists()


def test_moving_a_kpi_to_another_indicator_moves_its_readings_and_unmapping_removes_them(
    kpi: Any, indicator: Any, contract_manager: Any
) -> None:
    services.kpi_reading_record(kpi=kpi, period="Q1", value="10", by=contract_manager)
    feeds.kpi_indicator_map(kpi=kpi, indicator=indicator, by=contract_manager)
    other = IndicatorFactory(outcome=indicator.outcome, name="Meals served")
    feeds.kpi_indicator_map(kpi=kpi, indicator=other, by=contract_manager)
    assert list(IndicatorReading.objects.values_list("indicator", flat=True)) == [other.pk]
    feeds.kpi_indicator_map(kpi=kpi, indicator=None, by=contract_manager)
    assert not IndicatorReading.objects.exists()
    assert kpi.readings.count() == 1


def test_only_the_contracts_managers_map_and_only_to_their_own_councils_indicators(
    kpi: Any,
    indicator: Any,
    supplier_user: Any,
    viewer: Any,
    contract_manager: Any,
    other_council: Any,
) -> None:
    for person in (supplier_user, viewer):
        with pytest.raises(PermissionDenied):
            feeds.kpi_indicator_map(kpi=kpi, indicator=indicator, by=person)
    elsewhere = IndicatorFactory(
        outcome=OutcomeFactory(mission=MissionFactory(organisation=other_council))
    )
    with pytest.raises(DomainError) as error:
        feeds.kpi_indicator_map(kpi=kpi, indicator=elsewhere, by=contract_manager)
    assert error.value.field == "indicator"


def test_a_reading_names_the_contracts_that_contributed_and_the_recorder_changes_them(
    indicator: Any, contract: Any, council: Any, other_council: Any, commissioner: Any
) -> None:
    second = ContractFactory(organisation=council, title="Cookery clubs")
    reading = feeds.attributed_reading_record(
        indicator=indicator,
        contracts=[contract, second],
        value=Decimal(30),
        date=datetime.date(2025, 1, 1),
        by=commissioner,
    )
    assert set(reading.contributions.values_list("contract__title", flat=True)) == {
        "Food hubs",
        "Cookery clubs",
    }
    feeds.attributed_reading_update(
        reading=reading, contracts=[second], value=Decimal(31), by=commissioner
    )
    assert list(reading.contributions.values_list("contract__title", flat=True)) == [
        "Cookery clubs"
    ]
    event = AuditEvent.objects.filter(verb="attributed", target_id=str(reading.pk)).latest("pk")
    assert event.changes == {"contracts": ["-Food hubs"]}
    with pytest.raises(DomainError) as error:
        feeds.attributed_reading_record(
            indicator=indicator,
            contracts=[ContractFactory(organisation=other_council)],
            value=Decimal(1),
            date=datetime.date(2025, 1, 1),
            by=commissioner,
        )
    assert error.value.field == "contracts"
