"""Readable audit changes: services record either a value or an [old, new] pair. A field
with choices (a status, a role) shows its label, not the code stored."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

register = template.Library()


def _labels(target: Model | None, name: str) -> dict[str, str]:
    if target is None:
        return {}
    try:
        field = target._meta.get_field(name)
    except FieldDoesNotExist:
        return {}
    return {str(value): str(label) for value, label in getattr(field, "flatchoices", [])}


def _text(value: Any, labels: dict[str, str]) -> str:
    if value in (None, ""):
        return "(none)"
    return labels.get(str(value), str(value))


@register.simple_tag
def change_display(value: Any, name: str = "", target: Model | None = None) -> str:
    """`{% change_display value name target %}`: "Draft → Active"."""
    labels = _labels(target, name)
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{_text(value[0], labels)} → {_text(value[1], labels)}"
    return _text(value, labels)
