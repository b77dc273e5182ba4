from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from procurement.models import Bid, BidAnswer, Tender, TenderQuestion
from tests.commissioning.factories import CommissionFactory, SpecificationVersionFactory
from tests.factories import OrganisationFactory


class TenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tender

    organisation = factory.SubFactory(OrganisationFactory)
    commission = factory.SubFactory(
        CommissionFactory, organisation=factory.SelfAttribute("..organisation")
    )
    specification_version = factory.SubFactory(
        SpecificationVersionFactory,
        specification__commission=factory.SelfAttribute("...commission"),
    )
    reference = factory.Sequence(lambda n: f"NBC-{n:05d}")
    title = factory.Sequence(lambda n: f"Community food hubs {n}")
    summary = "Run community food hubs on three estates."
    submission_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class TenderQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenderQuestion

    tender = factory.SubFactory(TenderFactory)
    text = "How will you work with residents to design the service?"
    word_limit = 250
    position = factory.Sequence(int)


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid

    tender = factory.SubFactory(TenderFactory)
    supplier = factory.SubFactory(OrganisationFactory, kind="supplier")


class BidAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BidAnswer

    bid = factory.SubFactory(BidFactory)
    question = factory.SubFactory(
        TenderQuestionFactory, tender=factory.SelfAttribute("..bid.tender")
    )
    text = "We will hold open sessions on each estate."


class PublishedTenderFactory(TenderFactory):
    """A tender open for bids, as tender_publish leaves it."""

    status = "published"
    published_at = factory.LazyFunction(timezone.now)
