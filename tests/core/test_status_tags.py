"""Every status of every lifecycle has a GOV.UK tag colour, in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.template import Context, Template

from core import status_tags
from procurement.models import Tender, TenderStatus


def _status_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.choices and field.name == "status"
    ]


@pytest.mark.parametrize(
    ("model", "field"), _status_fields(), ids=lambda v: getattr(v, "__name__", v)
)
def test_every_status_field_has_its_colours_registered(model: type[models.Model], field: str):
    choices = status_tags.choices_for(model, field)
    assert choices is not None, f"Register {model.__name__}.{field} in its app's status_tags.py"
    field_values = {value for value, _ in model._meta.get_field(field).choices}
    assert field_values == set(choices.values)
    colours = status_tags.registered()[choices]
    assert set(colours) == field_values
    assert set(colours.values()) <= status_tags.COLOURS


def test_the_lifecycles_named_in_the_issue_are_all_covered():
    registered = {choices.__name__ for choices in status_tags.registered()}
    assert {
        "MissionStatus",
        "CommissionStatus",
        "TenderStatus",
        "BidStatus",
        "RoundStatus",
        "ContractStatus",
        "CheckInStatus",
        "ReturnStatus",
        "ClarificationStatus",
        "EngagementStatus",
        "ReportStatus",
    } <= registered


def test_a_status_without_a_colour_fails_at_registration():
    class Light(models.TextChoices):
        RED = "red", "Red"
        GREEN = "green", "Green"

    with pytest.raises(ImproperlyConfigured, match="no tag colour for \\['green'\\]"):
        status_tags.register(Light, {Light.RED: "red"})
    with pytest.raises(ImproperlyConfigured, match=r"not GOV\.UK tag colours"):
        status_tags.register(Light, {Light.RED: "red", Light.GREEN: "lime"})


def test_the_tag_shows_the_label_not_the_code():
    tender = Tender(status=TenderStatus.PUBLISHED)
    html = Template("{% status_tag tender %}").render(Context({"tender": tender}))
    assert html == '<strong class="govuk-tag govuk-tag--green">Open for bids</strong>'


def test_a_bare_value_of_a_registered_enum():
    html = Template('{% choice_tag "RequirementKind" "non_negotiable" %}').render(Context())
    assert html == '<strong class="govuk-tag govuk-tag--red">Non-negotiable</strong>'


def test_templates_do_not_compare_status_codes():
    """A page asks the record (`tender.is_finished`) or its page object, never tests a raw
    status code, so renaming a status cannot silently break a page."""
    root = Path(settings.BASE_DIR) / "templates"
    comparison = re.compile(r"\.status\s*(==|!=|in\s)")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if comparison.search(line)
    ]
    assert offenders == []
