"""The contracts on commissioning's place page, so commissioning shows them without
importing contracts. (The mission page's contracts come through home's mission_progress
tag, which reads every app.)

The tag gives the page one object, used where the page shows a contract figure and passed
to the contracts table include, so the contracts are loaded once:

    {% place_spend covered needs commissions inside as spend %}
"""

from __future__ import annotations

from django import template

from commissioning.models import Commission, Need, Place
from contracts import selectors

register = template.Library()


@register.simple_tag
def place_spend(
    covered: list[int],
    needs: list[Need],
    commissions: list[Commission],
    inside: list[tuple[Place, list[int]]] | None = None,
) -> selectors.PlaceSpend:
    """The largest contracts in the covered places, their count and total, the spend groups
    by category and by mission, and each place inside by mission (include
    contracts/includes/_place_contracts.html with contracts=spend.contracts)."""
    return selectors.place_spend(
        covered=covered, needs=needs, commissions=commissions, inside=inside
    )
