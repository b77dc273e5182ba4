"""The tenders section of the commission page, `{% commission_tenders commission %}`, so
commissioning shows tenders without importing procurement. (The mission page's tenders come
through home's mission_progress tag, which reads every app.)"""

from __future__ import annotations

from typing import Any

from django import template

from commissioning.models import Commission
from procurement import selectors

register = template.Library()


@register.inclusion_tag("procurement/includes/_commission_tenders.html")
def commission_tenders(commission: Commission) -> dict[str, Any]:
    return {"tenders": selectors.tenders_for_commission(commission)}
