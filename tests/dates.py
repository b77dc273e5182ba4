"""What a browser posts from GOV.UK's date boxes (`core/dates.py`), for view tests.

client.post(url, {"title": "…", **date_fields("start_date", datetime.date(2027, 4, 1))})
client.post(url, {**datetime_fields("submission_deadline", moment)})
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from core.formatting import uk_time


def date_fields(name: str, value: datetime.date | tuple[str, str, str] | None) -> dict[str, str]:
    """The day, month and year boxes of field `name`; a tuple posts exactly what was typed."""
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    if isinstance(value, tuple):
        day, month, year = value
    else:
        day, month, year = str(value.day), str(value.month), str(value.year)
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def datetime_fields(name: str, moment: datetime.datetime | None, time: str = "") -> dict[str, str]:
    """The date boxes and the time box of field `name`, in UK time ("2pm", "5:30pm")."""
    if moment is None:
        return {**date_fields(name, None), f"{name}_3": time}
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return {**date_fields(name, local.date()), f"{name}_3": time or uk_time(local)}


def fill_date(page: Any, label: str, value: datetime.date | datetime.datetime) -> None:
    """Type a date (and, for a moment, its UK time) into the boxes of the date input whose
    legend is `label`, as a person would in a browser journey."""
    group = page.get_by_role("group", name=label, exact=True)
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        group.get_by_label("Time", exact=True).fill(uk_time(local))
        value = local.date()
    group.get_by_label("Day", exact=True).fill(str(value.day))
    group.get_by_label("Month", exact=True).fill(str(value.month))
    group.get_by_label("Year", exact=True).fill(str(value.year))
