"""Indicator readings: who may record and change them, their rules, and the trend selector."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent
from commissioning import selectors, services
from commissioning.models import Direction, IndicatorReading
from commissioning.trends import TrendStatus
from tests.commissioning.factories import (
    IndicatorFactory,
    IndicatorReadingFactory,
    OutcomeFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(mission: Any, commissioner: Any):
    outcome = services.outcome_create(mission=mission, title="Children eat well", by=commissioner)
    return services.indicator_create(
        outcome=outcome,
        name="Children eating five a day",
        unit="% of children",
        baseline_value=Decimal(40),
        baseline_date=datetime.date(2024, 1, 1),
        target_value=Decimal(60),
        target_date=datetime.date(2028, 1, 1),
        by=commissioner,
    )


def record(indicator: Any, by: Any, **fields: Any) -> IndicatorReading:
    values = {"value": Decimal("45"), "date": datetime.date(2025, 3, 31), **fields}
    return services.indicator_reading_record(indicator=indicator, by=by, **values)


@pytest.mark.parametrize("role", ["commissioner", "contract_manager", "council_admin"])
def test_commissioners_admins_and_contract_managers_record_readings(
    role: str, indicator: Any, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(role)
    reading = record(indicator, person, source=" Residents' Survey ", note=" Spring ")
    assert (reading.value, reading.source, reading.note) == (
        Decimal(45),
        "Residents' Survey",
        "Spring",
    )
    assert reading.recorded_by == person
    assert not reading.from_kpi
    assert AuditEvent.objects.filter(verb="reading", target_id=str(indicator.pk)).exists()


@pytest.mark.parametrize("role", ["viewer", "evaluator", "supplier_user", "other_commissioner"])
def test_others_may_not_record_readings(
    role: str, indicator: Any, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(PermissionDenied):
        record(indicator, request.getfixturevalue(role))


def test_a_reading_may_not_be_dated_in_the_future(indicator: Any, commissioner: Any) -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(services.DomainError) as error:
        record(indicator, commissioner, date=tomorrow)
    assert error.value.field == "date"


def test_a_reading_for_a_place_must_use_the_councils_own_place(
    indicator: Any, commissioner: Any, council: Any, other_council: Any
) -> None:
    ward = PlaceFactory(organisation=council, name="Riverside")
    assert record(indicator, commissioner, place=ward).place == ward
    with pytest.raises(services.DomainError) as error:
        record(indicator, commissioner, place=PlaceFactory(organisation=other_council))
    assert error.value.field == "place"


def test_only_the_recorder_changes_or_removes_a_reading_with_audit(
    indicator: Any, commissioner: Any, contract_manager: Any
) -> None:
    reading = record(indicator, contract_manager)
    with pytest.raises(PermissionDenied):
        services.indicator_reading_update(reading=reading, value=Decimal(1), by=commissioner)
    with pytest.raises(PermissionDenied):
        services.indicator_reading_delete(reading=reading, by=commissioner)
    reading = services.indicator_reading_update(
        reading=reading, value=Decimal("47.5"), note="Corrected", by=contract_manager
    )
    assert reading.value == Decimal("47.5")
    change = AuditEvent.objects.get(verb="updated", target_id=str(reading.pk))
    assert change.changes["value"] == ["45.00", "47.5"]
    pk = reading.pk
    services.indicator_reading_delete(reading=reading, by=contract_manager)
    assert not IndicatorReading.objects.exists()
    assert AuditEvent.objects.filter(verb="deleted", target_id=str(pk)).exists()


def test_a_reading_taken_from_a_kpi_is_not_changed_by_hand(
    indicator: Any, commissioner: Any
) -> None:
    reading = services.indicator_reading_take(
        indicator=indicator,
        value=Decimal(50),
        date=datetime.date(2025, 1, 1),
        source="KPI",
        by=commissioner,
    )
    assert reading.from_kpi
    with pytest.raises(PermissionDenied):
        services.indicator_reading_update(reading=reading, value=Decimal(1), by=commissioner)


def test_trends_give_baseline_readings_target_and_status(indicator: Any, commissioner: Any) -> None:
    record(indicator, commissioner, value=Decimal(41), date=datetime.date(2024, 6, 30))
    record(indicator, commissioner, value=Decimal(52), date=datetime.date(2026, 1, 1))
    record(
        indicator,
        commissioner,
        value=Decimal(99),
        place=PlaceFactory(organisation=indicator.outcome.mission.organisation),
    )
    bare = IndicatorFactory(outcome=indicator.outcome, name="No readings")
    trends = selectors.indicator_trends([indicator.pk, bare.pk, 999999])
    assert set(trends) == {indicator.pk, bare.pk}
    trend = trends[indicator.pk]
    assert trend.baseline.value == Decimal(40) and trend.target.value == Decimal(60)
    # A place's reading is on the place's page, not on the area's line.
    assert [r.value for r in trend.readings] == [Decimal(41), Decimal(52)]
    assert trend.latest.value == Decimal(52)
    assert trend.status == TrendStatus.ON_TRACK
    assert trends[bare.pk].status == TrendStatus.NO_READINGS


def test_trends_take_two_queries_at_a_thousand_readings(django_assert_num_queries: Any) -> None:
    outcome = OutcomeFactory()
    indicators = [
        IndicatorFactory(
            outcome=outcome,
            direction=Direction.DECREASE if n % 2 else Direction.INCREASE,
            baseline_value=Decimal(50),
            baseline_date=datetime.date(2020, 1, 1),
            target_value=Decimal(40) if n % 2 else Decimal(60),
            target_date=datetime.date(2030, 1, 1),
        )
        for n in range(20)
    ]
    IndicatorReading.objects.bulk_create(
        IndicatorReading(
            indicator=indicators[n % 20],
            value=Decimal(45 + n % 11),
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=3 * n),
        )
        for n in range(1000)
    )
    with django_assert_num_queries(2):
        trends = selectors.indicator_trends([i.pk for i in indicators])
    assert sum(len(t.readings) for t in trends.values()) == 1000
    assert {t.status for t in trends.values()} <= {TrendStatus.ON_TRACK, TrendStatus.OFF_TRACK}


def test_reading_factory_makes_a_reading() -> None:
    assert IndicatorReadingFactory().indicator.readings.count() == 1
