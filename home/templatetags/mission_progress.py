"""The progress sections of commissioning's mission page, so commissioning shows figures
from procurement, contracts and social value without importing them:

    {% load mission_progress %}
    {% mission_progress mission as progress %}

The page object is home.missions.MissionProgress; the sections are
templates/home/includes/_mission_*.html.
"""

from __future__ import annotations

from typing import Any

from django import template

from commissioning.models import Mission
from home import missions

register = template.Library()


@register.simple_tag(takes_context=True)
def mission_progress(context: dict[str, Any], mission: Mission) -> missions.MissionProgress:
    """Is the mission working? Read as the person viewing the page may read it."""
    return missions.mission_progress(mission, reader=context["request"].user)
