"""The contracts on commissioning's place page, so commissioning shows them without
importing contracts. (The mission page's contracts come through home's mission_progress
tag, which reads every app.)

The tag gives the page one object, used where the page shows a contract figure and passed
to the contracts table include, so the contracts are loaded once:

    {% place_spend covered needs_here commissions_here inside as spend %}
    {% indicator_contracts indicator page.object_list as attributed %}
"""

from __future__ import annotations

from django import template
from django.db.models import QuerySet

from commissioning.models import Commission, Indicator, IndicatorReading, Need, Place
from contracts import selectors
from contracts.indicators import selectors as indicator_selectors

register = template.Library()


@register.simple_tag
def place_spend(
    covered: list[int],
    needs: QuerySet[Need],
    commissions: QuerySet[Commission],
    inside: list[tuple[Place, list[int]]] | None = None,
) -> selectors.PlaceSpend:
    """The largest contracts in the covered places, their count and total, the spend groups
    by category and by mission, and each place inside by mission (include
    contracts/includes/_place_contracts.html with contracts=spend.contracts)."""
    return selectors.place_spend(
        covered=covered, needs=needs, commissions=commissions, inside=inside
    )


@register.simple_tag
def indicator_contracts(
    indicator: Indicator, readings: list[IndicatorReading]
) -> indicator_selectors.IndicatorContracts:
    """The KPIs feeding an indicator, and each reading with the contracts that contributed
    (for commissioning's indicator page)."""
    return indicator_selectors.indicator_contracts(indicator, list(readings))
