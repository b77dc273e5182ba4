"""Social value delivered against each promise, as a chart (core.charts) and a table."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from core.charts import Chart, Group, Reference, Table, bar_chart, format_value
from social_value.selectors import PromisedDelivered

MONEY_UNITS = {"£", "gbp", "pounds", "£ spent"}


def amount(value: Decimal, unit: str) -> str:
    """'£60,000' for a measure counted in pounds, '12 jobs' for the rest."""
    if unit.strip().lower() in MONEY_UNITS:
        return format_value(value, "money")
    return format_value(value, "number", unit)


def promised_delivered_chart(rows: Sequence[PromisedDelivered]) -> Chart | None:
    """Delivered as a share of each promise, so measures in different units sit side by side;
    the table beside it gives the amounts in their own units.

    Only verified returns count as delivered (see `selectors.promised_vs_delivered`).
    """
    labels: list[str] = []
    for row in rows:
        # Two promises on the same measure stay two bars.
        label, count = row.label, 2
        while label in labels:
            label, count = f"{row.label} ({count})", count + 1
        labels.append(label)
    chart = bar_chart(
        title="Social value delivered against each promise",
        categories=labels,
        groups=[
            Group(
                "Delivered (verified)",
                [
                    (row.delivered * 100 / row.promised if row.promised else Decimal(0))
                    for row in rows
                ],
            )
        ],
        value_title="Delivered as a share of the promise (%)",
        kind="percent",
        horizontal=True,
        reference=Reference(100),
        reference_name="The full promise",
        description="For each promise, the amount verified as delivered, as a share of the "
        "amount promised.",
    )
    if chart is None:
        return None
    table = Table(
        caption="Promised and delivered",
        head=["Measure", "Promised", "Delivered (verified)", "Awaiting checks"],
        rows=[
            [
                label,
                amount(row.promised, row.unit),
                amount(row.delivered, row.unit),
                amount(row.awaiting, row.unit),
            ]
            for label, row in zip(labels, rows, strict=True)
        ],
    )
    return dataclasses.replace(chart, table=table)
