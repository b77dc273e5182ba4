"""On track or off track: the straight line from baseline to target, both directions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from commissioning.models import Direction, Indicator
from commissioning.trends import TrendPoint, TrendStatus, line_at, trend_of

D = Decimal
BASELINE = datetime.date(2024, 1, 1)
TARGET = datetime.date(2028, 1, 1)
MIDWAY = datetime.date(2026, 1, 1)  # 731 of 1,461 days: the line is half way, near enough


def indicator(
    *, direction: str = Direction.INCREASE, baseline: str | None = "40", **kw
) -> Indicator:
    return Indicator(
        name="Residents who eat well",
        unit="%",
        direction=direction,
        baseline_value=D(baseline) if baseline is not None else None,
        baseline_date=BASELINE if baseline is not None else None,
        target_value=D(kw.get("target", "60")),
        target_date=kw.get("target_date", TARGET),
    )


def point(on: datetime.date, value: str) -> TrendPoint:
    return TrendPoint(on, D(value))


def test_line_is_straight_between_baseline_and_target_and_flat_outside() -> None:
    start, end = point(BASELINE, "40"), point(TARGET, "60")
    assert line_at(start, end, BASELINE) == D(40)
    assert line_at(start, end, TARGET) == D(60)
    assert line_at(start, end, datetime.date(2023, 1, 1)) == D(40)
    assert line_at(start, end, datetime.date(2030, 1, 1)) == D(60)
    assert D("50.00") <= line_at(start, end, MIDWAY) <= D("50.02")


def test_no_readings_yet() -> None:
    trend = trend_of(indicator(), [])
    assert trend.status == TrendStatus.NO_READINGS
    assert trend.latest is None
    assert trend.on_track is None
    assert trend.status_label == "No readings yet"


@pytest.mark.parametrize(
    ("value", "status"),
    [("51", TrendStatus.ON_TRACK), ("50.01", TrendStatus.ON_TRACK), ("49", TrendStatus.OFF_TRACK)],
)
def test_higher_is_better_compares_latest_with_the_line(value: str, status: str) -> None:
    trend = trend_of(indicator(), [point(datetime.date(2025, 1, 1), "30"), point(MIDWAY, value)])
    assert trend.status == status
    assert trend.latest == point(MIDWAY, value)
    assert D("50") <= trend.expected <= D("50.02")


@pytest.mark.parametrize(
    ("value", "status"), [("29", TrendStatus.ON_TRACK), ("31", TrendStatus.OFF_TRACK)]
)
def test_lower_is_better_wants_the_reading_at_or_below_the_line(value: str, status: str) -> None:
    falling = indicator(direction=Direction.DECREASE, baseline="40", target="20")
    trend = trend_of(falling, [point(MIDWAY, value)])
    assert trend.status == status
    assert D("29.99") <= trend.expected <= D("30")


def test_only_the_latest_reading_counts_whatever_order_they_come_in() -> None:
    readings = [point(MIDWAY, "30"), point(datetime.date(2025, 1, 1), "70")]
    trend = trend_of(indicator(), readings)
    assert [r.date for r in trend.readings] == [datetime.date(2025, 1, 1), MIDWAY]
    assert trend.status == TrendStatus.OFF_TRACK


def test_after_the_target_date_the_target_itself_must_be_reached() -> None:
    late = datetime.date(2029, 6, 1)
    assert trend_of(indicator(), [point(late, "59")]).status == TrendStatus.OFF_TRACK
    met = trend_of(indicator(), [point(late, "60")])
    assert met.status == TrendStatus.ON_TRACK
    assert met.expected == D(60)
    assert "after the target date" in met.reason


def test_without_a_baseline_the_first_reading_starts_the_line() -> None:
    no_baseline = indicator(baseline=None)
    first = point(datetime.date(2024, 1, 1), "40")
    assert trend_of(no_baseline, [first, point(MIDWAY, "51")]).status == TrendStatus.ON_TRACK
    behind = trend_of(no_baseline, [first, point(MIDWAY, "45")])
    assert behind.status == TrendStatus.OFF_TRACK
    assert "starts at the first reading" in behind.reason


def test_without_a_baseline_one_reading_cannot_tell_until_the_target_date() -> None:
    no_baseline = indicator(baseline=None)
    assert trend_of(no_baseline, [point(MIDWAY, "45")]).status == TrendStatus.CANNOT_TELL
    late = trend_of(no_baseline, [point(datetime.date(2028, 6, 1), "61")])
    assert late.status == TrendStatus.ON_TRACK


def test_without_a_target_there_is_nothing_to_measure_against() -> None:
    no_target = Indicator(name="Visits", unit="visits", baseline_value=D(3), baseline_date=BASELINE)
    trend = trend_of(no_target, [point(MIDWAY, "5")])
    assert trend.status == TrendStatus.CANNOT_TELL
    assert trend.latest == point(MIDWAY, "5")
    assert trend.expected is None
