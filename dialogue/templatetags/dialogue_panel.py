"""`{% tender_dialogue_panel tender %}`: the tender page's links to clarifications, dialogue
rounds, messages and taking part."""

from __future__ import annotations

from typing import Any

from django import template

from dialogue.panel import tender_dialogue_panel as build_panel
from procurement.models import Tender

register = template.Library()


@register.inclusion_tag("dialogue/includes/_tender_dialogue.html", takes_context=True)
def tender_dialogue_panel(context: dict[str, Any], tender: Tender) -> dict[str, Any]:
    request = context["request"]
    panel = build_panel(
        tender=tender, user=request.user, organisation=getattr(request, "organisation", None)
    )
    return {"panel": panel, "tender": tender, "csrf_token": context.get("csrf_token")}
