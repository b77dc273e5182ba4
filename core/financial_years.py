"""The UK financial year (1 April to 31 March), for figures grouped by year."""

from __future__ import annotations

from django.db.models import Case, ExpressionWrapper, IntegerField, Value, When
from django.db.models.functions import ExtractYear


def financial_year(date_field: str) -> ExpressionWrapper:
    """The UK financial year (1 April to 31 March) a date falls in, as the calendar year it
    starts in: 31 March 2025 is in 2024 (to 2025), 1 April 2025 in 2025 (to 2026). A date
    and time is read in UK time, so a moment late on 31 March stays in March."""
    return ExpressionWrapper(
        ExtractYear(date_field)
        - Case(When(**{f"{date_field}__month__lt": 4}, then=Value(1)), default=Value(0)),
        output_field=IntegerField(),
    )


def financial_year_label(year: int) -> str:
    return f"April {year} to March {year + 1}"
