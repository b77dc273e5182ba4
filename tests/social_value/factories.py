from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from social_value.models import Commitment, DeliveryReturn, Measure
from tests.contracts.factories import ContractFactory


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        django_get_or_create = ("code",)

    theme = "economic_inequality"
    code = factory.Sequence(lambda n: f"test-measure-{n}")
    name = factory.Sequence(lambda n: f"Test measure {n}")
    unit = "people"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    contract = factory.SubFactory(ContractFactory)
    measure = factory.SubFactory(MeasureFactory)
    quantity = Decimal("12")
    unit = factory.LazyAttribute(lambda o: o.measure.unit)
    period = "each year"


class DeliveryReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryReturn

    commitment = factory.SubFactory(CommitmentFactory)
    period = factory.Sequence(lambda n: f"Quarter {n}")
    due_date = datetime.date(2027, 7, 31)
