"""Dates and times as GOV.UK writes them, in UK time: "5 March 2027 at 5:30pm", "9am".

Pages use the template filters in `core/templatetags/kindred_format.py` (built in to every
template); messages, emails and PDFs call these functions.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

UK_TIME = ZoneInfo("Europe/London")


def _in_uk(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(UK_TIME) if moment.tzinfo else moment


def uk_date(value: datetime.date | datetime.datetime | None) -> str:
    """A date, or the UK date of a moment: '5 March 2027'."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _in_uk(value)
    return f"{value.day} {value:%B %Y}"


def uk_time(value: datetime.datetime | datetime.time | None) -> str:
    """The UK time of day of a moment: '5:30pm', '9am', '12pm' (midday), '12am' (midnight)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _in_uk(value)
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def uk_weekday(value: datetime.date | datetime.datetime | None) -> str:
    """The day of the week of a date, or the UK day of a moment: 'Tuesday'."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _in_uk(value)
    return f"{value:%A}"


def uk_datetime(moment: datetime.datetime | None) -> str:
    """A moment as UK readers expect it, whatever the server's clock: '7 May 2027 at 5:30pm'."""
    if moment is None or moment == "":
        return ""
    return f"{uk_date(moment)} at {uk_time(moment)}"
