"""Date and time filters for every template (a builtin, so no `{% load %}` is needed).

{{ tender.submission_deadline|uk_datetime }}   5 March 2027 at 5:30pm
{{ contract.end_date|uk_date }}                5 March 2027
{{ slot.ends_at|uk_time }}                     6pm
{{ slot.starts_at|uk_weekday }}                Tuesday
"""

from __future__ import annotations

from django import template

from core import formatting

register = template.Library()

register.filter("uk_date", formatting.uk_date, expects_localtime=False)
register.filter("uk_time", formatting.uk_time, expects_localtime=False)
register.filter("uk_datetime", formatting.uk_datetime, expects_localtime=False)
register.filter("uk_weekday", formatting.uk_weekday, expects_localtime=False)
