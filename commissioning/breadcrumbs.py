"""Commissioning's breadcrumb trails, each written once; views pass them as
`breadcrumbs` (see core/breadcrumbs.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from commissioning.models import Commission, Outcome, Place
from core.breadcrumbs import Crumb


def missions() -> list[Crumb]:
    return [Crumb("Missions", reverse("commissioning:mission_list"))]


def needs() -> list[Crumb]:
    return [Crumb("Needs", reverse("commissioning:need_list"))]


def places(ancestors: Iterable[Place] = ()) -> list[Crumb]:
    """Places, then each place above this one, from the top."""
    return [Crumb("Places", reverse("commissioning:place_list"))] + [
        Crumb(place.name, reverse("commissioning:place_detail", args=[place.pk]))
        for place in ancestors
    ]


def commissions() -> list[Crumb]:
    return [Crumb("Commissions", reverse("commissioning:commission_list"))]


def commission(commission: Commission) -> list[Crumb]:
    return [
        *commissions(),
        Crumb(commission.title, reverse("commissioning:commission_detail", args=[commission.pk])),
    ]


def appraisal(commission_: Commission) -> list[Crumb]:
    url = reverse("commissioning:appraisal_detail", args=[commission_.pk])
    return [*commission(commission_), Crumb("Options appraisal", url)]


def specification(commission_: Commission) -> list[Crumb]:
    url = reverse("commissioning:specification_detail", args=[commission_.pk])
    return [*commission(commission_), Crumb("Specification", url)]


def outcome(outcome: Outcome) -> list[Crumb]:
    """Missions, the outcome's mission, then the outcome on the mission page."""
    mission_url = reverse("commissioning:mission_detail", args=[outcome.mission_id])
    return [
        *missions(),
        Crumb(outcome.mission.title, mission_url),
        Crumb(outcome.title, f"{mission_url}#outcome-{outcome.pk}"),
    ]
