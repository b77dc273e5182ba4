"""`{% contract_social_value contract %}`: a contract's social value promised against what was
delivered, as a chart and a table, on the contract page and in its performance PDF."""

from __future__ import annotations

from typing import Any

from django import template

from contracts import charts
from contracts.models import Contract
from social_value import selectors

register = template.Library()


@register.inclusion_tag("social_value/includes/_promised_chart.html")
def contract_social_value(contract: Contract) -> dict[str, Any]:
    rows = selectors.promised_vs_delivered(list(selectors.commitments_for(contract)))
    return {"rows": rows, "chart": charts.promised_delivered_chart(rows)}
