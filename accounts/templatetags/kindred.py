"""Template helpers shared by every app: paging, history links, the signed-in person's
rights and the base layout's fixed links. Status tags are a builtin from
`core/templatetags/kindred_components.py`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

from accounts import permissions

register = template.Library()


@lru_cache(maxsize=256)
def _fixed_url(name: str, script_prefix: str, urlconf: Any) -> str:
    return reverse(name)


@lru_cache(maxsize=256)
def _fixed_static(path: str, static_url: str) -> str:
    return static(path)


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for a URL without arguments, worked out once per process (and per
    mount point): the base layout links a dozen of them on every page. Needs no context,
    so it also serves the error pages, which are drawn without one."""
    return _fixed_url(name, get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))


@register.simple_tag
def fixed_static(path: str) -> str:
    """`{% static path %}`, worked out once per process."""
    return _fixed_static(path, settings.STATIC_URL)


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
