"""`{% contract_social_value contract %}`: a contract's social value promised against what was
delivered, as a chart and a table, on the contract page and in its performance PDF."""

from __future__ import annotations

from typing import Any

from django import template

from contracts.models import Contract
from social_value import selectors
from social_value.charts import promised_delivered_chart

register = template.Library()


@register.inclusion_tag("social_value/includes/_promised_chart.html")
def contract_social_value(contract: Contract, for_print: bool = False) -> dict[str, Any]:
    rows = selectors.promised_vs_delivered(list(selectors.commitments_for(contract)))
    return {"chart": promised_delivered_chart(rows), "for_print": for_print}
