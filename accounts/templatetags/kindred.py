"""Template helpers shared by every app: paging, history links and the signed-in person's
rights. Status tags are a builtin from `core/templatetags/kindred_components.py`."""

from __future__ import annotations

from typing import Any

from django import template

from accounts import permissions

register = template.Library()


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
