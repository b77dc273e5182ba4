"""Geometry for the server-drawn SVG charts: the page shows them without any JavaScript.

Each function returns plain numbers for a template to draw; the template also shows the
same figures as a table, so the chart is never the only way to read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
HEIGHT = 260
LEFT = 44
RIGHT = 16
TOP = 16
BOTTOM = 44


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    value: Decimal
    label: str


@dataclass(frozen=True)
class Line:
    name: str
    css_class: str
    dots: list[Dot]

    @property
    def points(self) -> str:
        return " ".join(f"{dot.x:.1f},{dot.y:.1f}" for dot in self.dots)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    lines: list[Line]
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, str]]
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM


def health_chart(points: list) -> LineChart | None:
    """Each side's average rating (1 to 5) at every shared check-in."""
    if not points:
        return None
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(points) - 1, 1)

    def x_of(index: int) -> float:
        return LEFT + (index * step if len(points) > 1 else plot_width / 2)

    def y_of(score: Decimal | int) -> float:
        return TOP + plot_height * (5 - float(score)) / 4

    lines = []
    for side, name, css_class in (
        ("buyer", "Buyer", "kindred-chart__line--buyer"),
        ("provider", "Provider", "kindred-chart__line--provider"),
    ):
        dots = [
            Dot(x=x_of(index), y=y_of(value), value=value, label=f"{point.held_on:%-d %b %Y}")
            for index, point in enumerate(points)
            if (value := getattr(point, side)) is not None
        ]
        if dots:
            lines.append(Line(name=name, css_class=css_class, dots=dots))
    # Label at most about eight dates so they never overlap.
    every = max(1, -(-len(points) // 8))
    x_labels = [
        (x_of(index), f"{point.held_on:%b %Y}")
        for index, point in enumerate(points)
        if index % every == 0
    ]
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        lines=lines,
        y_ticks=[(y_of(score), score) for score in range(1, 6)],
        x_labels=x_labels,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    promised: Decimal
    delivered: Decimal
    unit: str
    y: float
    promised_width: float
    delivered_width: float
    percent: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    left: int
    scale_width: float
    hundred_x: float


BAR_LEFT = 8
BAR_ROW = 56


def promised_delivered_chart(rows: list) -> BarChart | None:
    """Delivered as a share of each promise, so measures in different units sit side by side.

    Bars are capped at one and a half times the promise so one large figure cannot
    squash the rest.
    """
    if not rows:
        return None
    scale_width = (WIDTH - BAR_LEFT - 24) / Decimal("1.5")
    bars = []
    for index, row in enumerate(rows):
        share = row.delivered / row.promised if row.promised else Decimal(0)
        bars.append(
            Bar(
                label=row.label,
                promised=row.promised,
                delivered=row.delivered,
                unit=row.unit,
                y=index * BAR_ROW + 20,
                promised_width=float(scale_width),
                delivered_width=float(scale_width * min(share, Decimal("1.5"))),
                percent=int((share * 100).to_integral_value()),
            )
        )
    return BarChart(
        width=WIDTH,
        height=len(rows) * BAR_ROW + 8,
        bars=bars,
        left=BAR_LEFT,
        scale_width=float(scale_width),
        hundred_x=BAR_LEFT + float(scale_width),
    )
