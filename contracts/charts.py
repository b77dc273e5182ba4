"""The contract's charts, for its page and its performance PDF alike (drawn by core.charts).

- the relationship over time: each side's average rating at every shared check-in;
- each dimension of the relationship (trust, communication…) over time, side by side;
- each KPI's readings over time, with its target when the target is a figure.

Each chart carries its figures as a table too; templates show both with
``components/_chart.html``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from contracts import selectors
from contracts.models import Contract, HealthDimension, Kpi, KpiReading, Side
from contracts.selectors import HealthPoint
from core.charts import Chart, Point, Reference, Series, ValueKind, line_chart

RATING_AXIS = "Rating (1 poor to 5 strong)"
RATING_RANGE = (1, 5)
SIDES = ((Side.BUYER, "Buyer"), (Side.PROVIDER, "Provider"))


def health_chart(points: list[HealthPoint]) -> Chart | None:
    """Each side's average rating (1 to 5) at every shared check-in."""
    return line_chart(
        title="Average relationship rating at each shared check-in",
        series=[
            Series(
                name,
                [
                    Point(point.held_on, value)
                    for point in points
                    if (value := getattr(point, side)) is not None
                ],
            )
            for side, name in SIDES
        ],
        y_title=RATING_AXIS,
        y_domain=RATING_RANGE,
    )


def dimension_charts(points: list[HealthPoint]) -> list[Chart]:
    """One chart per dimension of the relationship, each side's rating at every check-in."""
    charts = []
    for dimension, label in HealthDimension.choices:
        chart = line_chart(
            title=f"{label}: each side's rating at each shared check-in",
            series=[
                Series(
                    name,
                    [
                        Point(point.held_on, score)
                        for point in points
                        if (score := point.by_dimension.get(side, {}).get(dimension)) is not None
                    ],
                )
                for side, name in SIDES
            ],
            y_title=RATING_AXIS,
            y_domain=RATING_RANGE,
        )
        if chart is not None:
            charts.append(chart)
    return charts


@dataclass(frozen=True)
class Figure:
    """A figure read from text typed into a KPI ('92%', '£1,200', '14')."""

    value: Decimal
    kind: ValueKind


_FIGURE = re.compile(r"^\s*(£)?\s*(-?[\d,]*\.?\d+)\s*(%)?")


def figure_in(text: str) -> Figure | None:
    """The figure a KPI reading or target starts with, or None when it does not start with
    one ('20 a year' reads as 20; 'On track' as nothing)."""
    match = _FIGURE.match(text or "")
    if match is None:
        return None
    try:
        value = Decimal(match.group(2).replace(",", ""))
    except InvalidOperation:
        return None
    kind: ValueKind = "money" if match.group(1) else "percent" if match.group(3) else "number"
    return Figure(value=value, kind=kind)


def reading_date(reading: KpiReading) -> datetime.date:
    """When a reading was taken: the check-in it was given at, else the day it was entered
    (its period is free text, such as 'April to June 2026')."""
    if reading.checkin is not None:
        return reading.checkin.held_on
    return reading.recorded_at.date()


@dataclass(frozen=True)
class KpiChart:
    kpi: Kpi
    chart: Chart


def kpi_charts(kpis: Iterable[Kpi], readings: Iterable[KpiReading]) -> list[KpiChart]:
    """A chart for each KPI with at least one reading that is a figure, with its target as
    a level line when the target is a figure too. `readings` are the KPIs' readings, oldest
    first, with their check-ins (selectors.kpi_readings_for)."""
    by_kpi: dict[int, list[KpiReading]] = {}
    for reading in readings:
        by_kpi.setdefault(reading.kpi_id, []).append(reading)
    charts = []
    for kpi in kpis:
        readings = [
            (reading_date(reading), figure)
            for reading in by_kpi.get(kpi.pk, [])
            if (figure := figure_in(reading.value)) is not None
        ]
        if not readings:
            continue
        kind = readings[-1][1].kind
        target = figure_in(kpi.target)
        chart = line_chart(
            title=f"{kpi.name}: readings over time",
            series=[Series("Reading", [Point(on, figure.value) for on, figure in readings])],
            y_title={"money": "Reading (£)", "percent": "Reading (%)"}.get(kind, "Reading"),
            kind=kind,
            target=Reference(target.value) if target is not None else None,
        )
        if chart is not None:
            charts.append(KpiChart(kpi=kpi, chart=chart))
    return charts


@dataclass(frozen=True)
class ContractCharts:
    """Every chart the contract page and its performance PDF show."""

    health: Chart | None
    dimensions: list[Chart]
    kpis: list[KpiChart]


def contract_charts(contract: Contract, kpis: Iterable[Kpi]) -> ContractCharts:
    """Every chart of the contract, read from the database (two queries) and drawn."""
    health = selectors.health_over_time(contract)
    return ContractCharts(
        health=health_chart(health),
        dimensions=dimension_charts(health),
        kpis=kpi_charts(kpis, selectors.kpi_readings_for(contract)),
    )
