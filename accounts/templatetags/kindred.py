"""Template helpers shared by every app: status tags and the signed-in person's rights."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from accounts import permissions

register = template.Library()

# One map from status values to GOV.UK tag colours, for every lifecycle in the service.
TAG_COLOURS = {
    "draft": "grey",
    "scoping": "grey",
    "queued": "grey",
    "rendering": "blue",
    "options_appraisal": "light-blue",
    "route_decided": "turquoise",
    "in_procurement": "blue",
    "in_delivery": "green",
    "under_review": "yellow",
    "closed": "grey",
    "published": "green",
    "issued": "green",
    "submitted": "green",
    "ready": "green",
    "active": "green",
    "mobilising": "light-blue",
    "in_extension": "yellow",
    "expired": "grey",
    "terminated": "red",
    "withdrawn": "orange",
    "cancelled": "red",
    "failed": "red",
    "evaluation": "purple",
    "dialogue": "light-blue",
    "final_submissions": "blue",
    "award_decision": "pink",
    "standstill": "yellow",
    "awarded": "green",
    "non_negotiable": "red",
    "open_for_dialogue": "blue",
    "preference": "grey",
    "awaiting_answer": "yellow",
    "answered_privately": "blue",
}


@register.simple_tag
def status_tag(value: str, label: str) -> str:
    colour = TAG_COLOURS.get(value, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)


@register.simple_tag
def page_numbers(page: Any) -> list:
    """The first, last and neighbouring page numbers, with ellipses between (GOV.UK style)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag
def audit_url(obj: Any) -> str:
    """The history page of any record, for staff."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    content_type = ContentType.objects.get_for_model(obj)
    return reverse("accounts:audit_log", args=[content_type.pk, obj.pk])


@register.filter
def can_do(user: Any, action: str) -> Any:
    """Use as `{% if user|can_do:"tender.manage"|of:tender %}`."""
    return (user, action)


@register.filter(name="of")
def of_object(user_and_action: tuple[Any, str], obj: Any) -> bool:
    user, action = user_and_action
    return permissions.can(user, action, obj)
