"""Reads for social value measures."""

from __future__ import annotations

from dataclasses import dataclass

from social_value.models import Measure, Theme


@dataclass(frozen=True)
class ThemeMeasures:
    theme: str
    label: str
    measures: list[Measure]


def measures_by_theme() -> list[ThemeMeasures]:
    """Active measures grouped by theme, in the order the UK Social Value Model lists them."""
    grouped: dict[str, list[Measure]] = {value: [] for value in Theme.values}
    for measure in Measure.objects.filter(is_active=True).order_by("name"):
        grouped.setdefault(measure.theme, []).append(measure)
    return [
        ThemeMeasures(theme=theme, label=Theme(theme).label, measures=measures)
        for theme, measures in grouped.items()
        if measures and theme in Theme.values
    ]
