"""One place that says how each status looks: a GOV.UK tag colour for every value of every
lifecycle, and its label from the enum.

`core` sits below the apps, so it knows no app's models: each app registers its enums
in its `AppConfig.ready` (see `procurement/status_tags.py`), naming the model fields that
hold them. Registering an enum without a colour for every value fails at start-up, and
`tests/core/test_status_tags.py` fails if a model's `status` field has no enum registered.

In templates (a builtin, no `{% load %}`):

    {% status_tag tender %}                      the tender's status
    {% status_tag requirement "kind" %}          another field of a model
    {% choice_tag "RequirementKind" item.kind %} a bare value, e.g. from a snapshot
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString

# The GOV.UK Frontend tag colours (govuk-frontend 6). "blue" is the plain tag.
COLOURS = frozenset(
    {
        "grey",
        "green",
        "turquoise",
        "blue",
        "light-blue",
        "purple",
        "pink",
        "red",
        "orange",
        "yellow",
    }
)


@dataclass(frozen=True)
class StatusTag:
    """A status as the page shows it; renders itself as the GOV.UK tag."""

    value: str
    label: str
    colour: str

    def __html__(self) -> SafeString:
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>', self.colour, self.label
        )

    def __str__(self) -> str:
        return self.__html__()


_COLOURS: dict[type[models.TextChoices], dict[str, str]] = {}
_BY_NAME: dict[str, type[models.TextChoices]] = {}
_BY_FIELD: dict[tuple[type[models.Model], str], type[models.TextChoices]] = {}


def register(
    choices: type[models.TextChoices],
    colours: dict[Any, str],
    *,
    fields: tuple[tuple[type[models.Model], str], ...] = (),
) -> None:
    """Give every value of `choices` a colour, and say which model fields hold them."""
    missing = set(choices.values) - {str(value) for value in colours}
    if missing:
        raise ImproperlyConfigured(f"{choices.__name__} has no tag colour for {sorted(missing)}.")
    unknown = set(colours.values()) - COLOURS
    if unknown:
        raise ImproperlyConfigured(
            f"{choices.__name__}: {sorted(unknown)} are not GOV.UK tag colours."
        )
    _COLOURS[choices] = {str(value): colour for value, colour in colours.items()}
    _BY_NAME[choices.__name__] = choices
    for model, field in fields:
        _BY_FIELD[(model, field)] = choices


def register_field(
    model: type[models.Model], field: str, choices: type[models.TextChoices]
) -> None:
    """Say that another model's field holds an enum already registered (e.g. a copy)."""
    if choices not in _COLOURS:
        raise ImproperlyConfigured(f"{choices.__name__} is not registered.")
    _BY_FIELD[(model, field)] = choices


def choices_for(
    model: type[models.Model], field: str = "status"
) -> type[models.TextChoices] | None:
    """The enum registered for a model's field, if any."""
    return _BY_FIELD.get((model._meta.concrete_model, field))


def registered() -> dict[type[models.TextChoices], dict[str, str]]:
    return dict(_COLOURS)


def tag(choices: type[models.TextChoices] | str, value: Any) -> StatusTag:
    """The tag for one value of an enum (given as the class or its name)."""
    if isinstance(choices, str):
        choices = _BY_NAME[choices]
    value = str(value)
    return StatusTag(value=value, label=choices(value).label, colour=_COLOURS[choices][value])


def tag_for(obj: models.Model, field: str = "status") -> StatusTag:
    """The tag for a record's status (or another registered field)."""
    choices = choices_for(type(obj), field)
    if choices is None:
        raise ImproperlyConfigured(f"No status tags registered for {type(obj).__name__}.{field}.")
    return tag(choices, getattr(obj, field))
