from __future__ import annotations

import datetime

import factory

from contracts.models import CheckIn, Contract
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
    story = "Forty families used the hub each week this quarter."


class InHouseContractFactory(ContractFactory):
    """An agreement with one of the buyer's own teams, which is not an organisation."""

    kind = "in_house"
    provider = None
    provider_name = factory.Sequence(lambda n: f"Council team {n}")
