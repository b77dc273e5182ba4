"""Template tags that lower apps' pages use to show past learning without importing it:

{% learned_before commission text field="section-5-body" target="learned-before-5" %}
    the "Learned before" panel beside a text being drafted (the specification
    section, the option appraised, the market engagement brief), refreshed with htmx
    as the named field changes;
{% pinned_lessons commission %}
    what the commission's team pinned as considered (commission page, spec PDF).
"""

from __future__ import annotations

from typing import Any

from django import template

from commissioning.models import Commission
from learning import selectors

register = template.Library()


@register.inclusion_tag("learning/includes/_panel.html", takes_context=True)
def learned_before(
    context: dict[str, Any],
    commission: Commission,
    text: str,
    field: str = "",
    target: str = "",
    fallback: str = "",
    level: int = 3,
    lazy: bool = False,
) -> dict[str, Any]:
    """`fallback` is searched while `text` is empty (a section's heading, say); `level` is
    the panel heading's level on the page (its items' headings are one below); a `lazy`
    panel is filled in by htmx when it comes into view (a page of many sections)."""
    request = context["request"]
    panel = selectors.learned_before_panel(
        user=request.user,
        commission=commission,
        text=text or "",
        fallback=fallback,
        lazy=lazy,
        field=field,
        target=target or (f"learned-before-{field}" if field else ""),
        next_url=request.get_full_path(),
    )
    if panel is not None:
        panel.level = level
    return {"panel": panel, "request": request, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("learning/includes/_pinned.html", takes_context=True)
def pinned_lessons(
    context: dict[str, Any], commission: Commission, pdf: bool = False
) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "commission": commission,
        "pins": selectors.pinned_for(commission),
        "may_unpin": user is not None and not pdf and selectors.may_pin(user, commission),
        "pdf": pdf,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("learning/includes/_citations.html", takes_context=True)
def pinned_citations(context: dict[str, Any], commission: Commission) -> dict[str, Any]:
    """Beside the change note: the pinned lessons, each as a citation to copy into it."""
    request = context["request"]
    may = selectors.may_pin(request.user, commission)
    return {"pins": selectors.pinned_for(commission) if may else []}
