"""Readable audit changes: services record either a value or an [old, new] pair."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


def _text(value: Any) -> str:
    return "(none)" if value in (None, "") else str(value)


@register.filter
def change_display(value: Any) -> str:
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{_text(value[0])} → {_text(value[1])}"
    return _text(value)
