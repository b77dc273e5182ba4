"""The tenders sections of the mission and commission pages: `{% mission_tenders mission %}`
and `{% commission_tenders commission %}`, so commissioning shows tenders without importing
procurement."""

from __future__ import annotations

from typing import Any

from django import template

from commissioning.models import Commission, Mission
from procurement import selectors

register = template.Library()


@register.inclusion_tag("procurement/includes/_mission_tenders.html")
def mission_tenders(mission: Mission) -> dict[str, Any]:
    return {"tenders": selectors.tenders_for_mission(mission)}


@register.inclusion_tag("procurement/includes/_commission_tenders.html")
def commission_tenders(commission: Commission) -> dict[str, Any]:
    return {"tenders": selectors.tenders_for_commission(commission)}
