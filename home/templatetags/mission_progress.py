"""The progress sections of commissioning's mission page, so commissioning shows figures
from procurement, contracts and social value without importing them:

    {% load mission_progress %}
    {% mission_figures_version as figures_version %}
    {% mission_progress mission as progress %}

The page object is home.missions.MissionProgress; the sections are
templates/home/includes/_mission_*.html. The page keeps the sections as rendered HTML
under `figures_version` (home/mission_cache.py), so `progress` is worked out only when a
section has to be drawn again.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.functional import SimpleLazyObject

from commissioning.models import Mission
from home import mission_cache, missions

register = template.Library()


@register.simple_tag(takes_context=True)
def mission_progress(context: dict[str, Any], mission: Mission) -> missions.MissionProgress:
    """Is the mission working? Read as the person viewing the page may read it, when the
    page first needs a figure."""
    reader = context["request"].user
    return SimpleLazyObject(lambda: missions.mission_progress(mission, reader=reader))


@register.simple_tag
def mission_figures_version() -> str:
    """The version of everything the progress sections read (home/mission_cache.py)."""
    return mission_cache.figures_version()


@register.simple_tag
def mission_fragment_seconds() -> int:
    return mission_cache.FRAGMENT_SECONDS
