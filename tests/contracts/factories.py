from __future__ import annotations

import datetime

import factory

from contracts.models import Action, CheckIn, CheckInContribution, Contract, HealthRating, Kpi
from tests.factories import OrganisationFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Contract {n}")
    kind = "tendered"
    provider = factory.SubFactory(OrganisationFactory, kind="supplier")
    value = 120000
    start_date = datetime.date(2026, 4, 1)
    end_date = datetime.date(2028, 3, 31)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    contract = factory.SubFactory(ContractFactory)
    held_on = datetime.date(2026, 7, 1)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckInContribution

    checkin = factory.SubFactory(CheckInFactory)
    side = "buyer"
    story = "Forty families used the hub each week this quarter."


class HealthRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthRating

    contribution = factory.SubFactory(ContributionFactory)
    dimension = "trust"
    score = 4


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    contract = factory.SubFactory(ContractFactory)
    description = "Fix the fridge"
    owner = "Hub manager"


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    contract = factory.SubFactory(ContractFactory)
    name = factory.Sequence(lambda n: f"KPI {n}")
    measure = "Count from the booking system"
    target = "90%"
    frequency = "quarterly"


class InHouseContractFactory(ContractFactory):
    """An agreement with one of the buyer's own teams, which is not an organisation."""

    kind = "in_house"
    provider = None
    provider_name = factory.Sequence(lambda n: f"Council team {n}")


def both_sides_submit(
    checkin: CheckIn,
    *,
    buyer: object,
    provider: object,
    ratings: dict[str, tuple[int, str]] | None = None,
    stories: tuple[str, str] = ("Forty families came.", "Forty families came."),
) -> None:
    """Both sides write and submit their part, which shares the check-in."""
    from contracts import services

    for side, person, story in (("buyer", buyer, stories[0]), ("provider", provider, stories[1])):
        services.checkin_contribute(
            checkin=checkin,
            side=side,
            story=story,
            ratings=ratings or {"trust": (4, "Good")},
            submit=True,
            by=person,
        )
