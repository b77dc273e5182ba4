"""Shared GOV.UK components for every template (a builtin, so no `{% load %}` is needed).

{% status_tag tender %}                       <strong class="govuk-tag govuk-tag--green">Open for bids</strong>
{% status_tag requirement "kind" %}           another registered field of a record
{% choice_tag "RequirementKind" item.kind %}  a bare value of a registered enum
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from core import status_tags

register = template.Library()


@register.simple_tag
def status_tag(obj: models.Model, field: str = "status") -> status_tags.StatusTag:
    return status_tags.tag_for(obj, field)


@register.simple_tag
def choice_tag(choices: str, value: Any) -> status_tags.StatusTag:
    return status_tags.tag(choices, value)
