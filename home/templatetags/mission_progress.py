"""The progress sections of commissioning's mission page, so commissioning shows figures
from procurement, contracts and social value without importing them:

    {% load mission_progress %}
    {% mission_progress mission as progress %}
    {% mission_sections mission may_edit as sections %}
    … {{ sections.summary }} … {{ sections.progress }}

The page object is home.missions.MissionProgress; the sections are the page's partials
`mission-summary` and `mission-progress` (with templates/home/includes/_mission_*.html).
The page keeps them as rendered HTML (home/mission_cache.py), so `progress` is worked out
only when a section has to be drawn again.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django import template
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe

from commissioning.models import Mission
from home import mission_cache, missions

register = template.Library()


@register.simple_tag(takes_context=True)
def mission_progress(context: dict[str, Any], mission: Mission) -> missions.MissionProgress:
    """Is the mission working? Read as the person viewing the page may read it, when the
    page first needs a figure."""
    reader = context["request"].user
    return SimpleLazyObject(lambda: missions.mission_progress(mission, reader=reader))


class Sections(NamedTuple):
    summary: SafeString
    progress: SafeString


PAGE = "commissioning/mission_detail.html"


@register.simple_tag(takes_context=True)
def mission_sections(context: template.Context, mission: Mission, may_edit: bool) -> Sections:
    """The page's kept sections, drawn from its partials with the page's own context only
    when something they read changed (home/mission_cache.py)."""

    def draw() -> tuple[str, str]:
        values = context.flatten()
        return (
            render_to_string(f"{PAGE}#mission-summary", values),
            render_to_string(f"{PAGE}#mission-progress", values),
        )

    summary, progress = mission_cache.sections(mission.pk, bool(may_edit), draw)
    # Drawn by the template language, which escaped what it drew.
    return Sections(mark_safe(summary), mark_safe(progress))  # noqa: S308
