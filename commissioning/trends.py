"""Is an indicator on track? Its trend: baseline → readings → target, and the verdict.

The rule, in words a mission page can repeat: draw a straight line from the baseline
(value on its date) to the target (value on its date). Read the line at the date of the
latest reading. If the latest reading is on the line or on the better side of it (higher
when higher is better, lower when lower is better), the indicator is on track; otherwise
it is off track. After the target date the line stays at the target, so a reading taken
late must have reached the target. Before the baseline date it stays at the baseline.

Without a baseline, the earliest reading starts the line (it is the first thing known).
Without a target, or with only one reading and no baseline, there is nothing to measure
against, and the trend says so rather than guess.

`commissioning.selectors.indicator_trends(indicator_ids)` loads these for many indicators
in two queries; `trend_of` is the pure calculation, for tests and for readings loaded some
other way (a place's readings, for example).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models

from commissioning.models import Direction, Indicator
from core import status_tags
from core.charts import Chart, Point, Reference, Series, line_chart
from core.status_tags import StatusTag


class TrendStatus(models.TextChoices):
    NO_READINGS = "no_readings", "No readings yet"
    ON_TRACK = "on_track", "On track"
    OFF_TRACK = "off_track", "Off track"
    CANNOT_TELL = "cannot_tell", "Cannot tell yet"


@dataclass(frozen=True)
class TrendPoint:
    """One value on one date: a baseline, a target or a reading."""

    date: datetime.date
    value: Decimal


@dataclass(frozen=True)
class Trend:
    """An indicator's progress, ready for a chart, a table and a status tag.

    - `indicator`: the Indicator (name, unit, direction; its outcome is loaded).
    - `baseline`, `target`: where the line starts and ends, or None when not set.
    - `readings`: the readings for the whole area (no place), oldest first.
    - `latest`: the newest reading, or None ("no readings yet").
    - `expected`: where the line is on the latest reading's date; None when the line
      cannot be drawn (no target, or nothing to start it from).
    - `status`: a TrendStatus; `tag` shows it as a GOV.UK tag (`{{ trend.tag }}`), its
      colour registered in commissioning/status_tags.py.
    - `reason`: one plain sentence saying why the status is what it is.
    """

    indicator: Indicator
    baseline: TrendPoint | None
    target: TrendPoint | None
    readings: list[TrendPoint] = field(default_factory=list)
    latest: TrendPoint | None = None
    expected: Decimal | None = None
    status: TrendStatus = TrendStatus.NO_READINGS
    reason: str = ""

    @property
    def on_track(self) -> bool | None:
        """True or False when the trend can tell; None when it cannot."""
        if self.status == TrendStatus.ON_TRACK:
            return True
        if self.status == TrendStatus.OFF_TRACK:
            return False
        return None

    @property
    def status_label(self) -> str:
        return TrendStatus(self.status).label

    @property
    def tag(self) -> StatusTag:
        return status_tags.tag(TrendStatus, self.status)

    @property
    def has_readings(self) -> bool:
        return self.latest is not None


def line_at(start: TrendPoint, end: TrendPoint, on: datetime.date) -> Decimal:
    """The straight line from `start` to `end`, read on a date; flat before and after."""
    if on <= start.date:
        return start.value
    if on >= end.date:
        return end.value
    elapsed = Decimal((on - start.date).days)
    span = Decimal((end.date - start.date).days)
    return start.value + (end.value - start.value) * elapsed / span


def is_on_track(*, value: Decimal, expected: Decimal, direction: str) -> bool:
    """On the line, or on its better side for this indicator's direction."""
    if direction == Direction.DECREASE:
        return value <= expected
    return value >= expected


def _point(value: Decimal | None, date: datetime.date | None) -> TrendPoint | None:
    return TrendPoint(date, value) if value is not None and date is not None else None


def trend_of(indicator: Indicator, readings: Iterable[TrendPoint]) -> Trend:
    """The trend of an indicator from its readings (any order); see the module docstring."""
    points = sorted(readings, key=lambda point: point.date)
    baseline = _point(indicator.baseline_value, indicator.baseline_date)
    target = _point(indicator.target_value, indicator.target_date)
    common = {"indicator": indicator, "baseline": baseline, "target": target, "readings": points}
    if not points:
        return Trend(**common, reason="Nobody has recorded a reading yet.")
    latest = points[-1]
    if target is None:
        return Trend(
            **common,
            latest=latest,
            status=TrendStatus.CANNOT_TELL,
            reason="There is no target to measure progress against.",
        )
    start = baseline or points[0]
    if start is points[0] and len(points) == 1 and latest.date < target.date:
        return Trend(
            **common,
            latest=latest,
            status=TrendStatus.CANNOT_TELL,
            reason="There is no baseline, and one reading is not enough to show a trend.",
        )
    if start.date >= target.date:
        # A first reading on or after the target date: the line is the target itself.
        start = target
    expected = line_at(start, target, latest.date)
    on_track = is_on_track(value=latest.value, expected=expected, direction=indicator.direction)
    if latest.date >= target.date:
        where = "the target" if on_track else "short of the target"
        reason = f"The latest reading, after the target date, is {where}."
    else:
        side = "on or ahead of" if on_track else "behind"
        reason = f"The latest reading is {side} the straight line from the baseline to the target."
    if baseline is None:
        reason += " With no baseline, the line starts at the first reading."
    return Trend(
        **common,
        latest=latest,
        expected=expected,
        status=TrendStatus.ON_TRACK if on_track else TrendStatus.OFF_TRACK,
        reason=reason,
    )


def trend_chart(trend: Trend) -> Chart | None:
    """The trend as a chart with its table: the readings, the baseline, the target and the
    straight line between them. None when there are no readings to draw."""
    indicator = trend.indicator
    unit = indicator.unit.strip()
    percent = unit.startswith("%")
    return line_chart(
        title=f"{indicator.name}: readings over time",
        series=[Series("Readings", [Point(p.date, p.value) for p in trend.readings])],
        y_title=unit[:60] or "Value",
        kind="percent" if percent else "number",
        unit="" if percent else unit,
        baseline=Reference(trend.baseline.value, trend.baseline.date) if trend.baseline else None,
        target=Reference(trend.target.value, trend.target.date) if trend.target else None,
        description=f"{trend.status_label}. {trend.reason}",
    )
