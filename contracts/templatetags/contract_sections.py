"""The contracts on commissioning's mission and place pages, so commissioning shows them
without importing contracts.

Each tag gives the page one object, used where the page shows a contract figure and passed
to the contracts table include, so the contracts are loaded once:

    {% mission_contracts mission as contracted %}
    {% place_spend covered needs commissions as spend %}
"""

from __future__ import annotations

from django import template

from commissioning.models import Commission, Mission, Need
from contracts import selectors

register = template.Library()


@register.simple_tag
def mission_contracts(mission: Mission) -> selectors.MissionContracts:
    """The mission's contracts and their total value (include
    contracts/includes/_mission_contracts.html with contracts=contracted.contracts)."""
    return selectors.mission_contracts(mission)


@register.simple_tag
def place_spend(
    covered: list[int], needs: list[Need], commissions: list[Commission]
) -> selectors.PlaceSpend:
    """The contracts in the covered places, their total, and the spend groups by category and
    by mission (include contracts/includes/_place_contracts.html with contracts=spend.contracts)."""
    return selectors.place_spend(covered=covered, needs=needs, commissions=commissions)
