import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from core.formatting import uk_date, uk_datetime, uk_time, uk_weekday

SUMMER = datetime.datetime(2027, 7, 1, 16, 30, tzinfo=datetime.UTC)
WINTER = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.UTC)


def test_moments_are_shown_in_uk_time_whatever_the_clock():
    assert uk_datetime(SUMMER) == "1 July 2027 at 5:30pm"
    assert uk_datetime(WINTER) == "5 January 2027 at 9am"


def test_the_date_of_a_moment_is_its_uk_date():
    just_after_midnight_in_summer = datetime.datetime(2027, 6, 30, 23, 30, tzinfo=datetime.UTC)
    assert uk_date(just_after_midnight_in_summer) == "1 July 2027"
    assert uk_date(datetime.date(2027, 3, 5)) == "5 March 2027"


@pytest.mark.parametrize(
    ("hour", "minute", "shown"),
    [(0, 0, "12am"), (0, 5, "12:05am"), (9, 0, "9am"), (12, 0, "12pm"), (17, 30, "5:30pm")],
)
def test_times_of_day_are_written_the_govuk_way(hour, minute, shown):
    assert uk_time(datetime.time(hour, minute)) == shown


def test_nothing_shows_as_nothing():
    assert uk_date(None) == uk_time(None) == uk_datetime(None) == ""


def test_every_template_has_the_filters_without_loading_them():
    template = Template("{{ at|uk_datetime }}; {{ at|uk_date }}; {{ at|uk_time }}")
    assert template.render(Context({"at": SUMMER})) == "1 July 2027 at 5:30pm; 1 July 2027; 5:30pm"


def test_the_weekday_of_a_moment_is_its_uk_weekday():
    late_sunday_evening_in_summer = datetime.datetime(2027, 7, 3, 23, 30, tzinfo=datetime.UTC)
    assert uk_weekday(late_sunday_evening_in_summer) == "Sunday"
    assert uk_weekday(datetime.date(2027, 3, 5)) == "Friday"
    rendered = Template("{{ moment|uk_weekday }}").render(Context({"moment": SUMMER}))
    assert rendered == "Thursday"


def test_no_template_formats_a_date_itself():
    """Pages, emails and PDFs show dates with the uk_* filters, so every date reads the same;
    only machine-readable values (`|date:"c"` in a <time datetime>) may use Django's filter."""
    templates = Path(settings.BASE_DIR, "templates")
    offenders = [
        f"{path.relative_to(templates)}: {match}"
        for path in templates.rglob("*.html")
        for match in re.findall(r"\|(?:date|time)\b(?::[\"']([^\"']*)[\"'])?", path.read_text())
        if match != "c"
    ]
    assert offenders == []
