from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from procurement.exclusion_grounds import GROUNDS
from procurement.models import (
    Bid,
    BidAnswer,
    Criterion,
    ExclusionDeclaration,
    Tender,
    TenderParticipant,
    TenderQuestion,
)
from tests.commissioning.factories import CommissionFactory, SpecificationVersionFactory
from tests.factories import OrganisationFactory


class TenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tender
        skip_postgeneration_save = True

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

    @factory.post_generation
    def criteria(obj, create: bool, extracted: object, **kwargs: object) -> None:
        # As tender_create leaves it: quality 60%, social value 20%, price 20%.
        if create and extracted is not False:
            for position, (kind, name, weight) in enumerate(
                [
                    ("quality", "Quality", 60),
                    ("social_value", "Social value", 20),
                    ("price", "Price", 20),
                ],
                start=1,
            ):
                Criterion.objects.get_or_create(
                    tender=obj,
                    kind=kind,
                    parent=None,
                    defaults={"name": name, "weight": weight, "position": position},
                )


class TenderQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenderQuestion

    tender = factory.SubFactory(TenderFactory)
    text = "How will you work with residents to design the service?"
    word_limit = 250
    criterion = factory.LazyAttribute(
        lambda question: question.tender.criteria.filter(kind="quality", parent=None).first()
    )
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


class TenderParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenderParticipant

    tender = factory.SubFactory(TenderFactory, status="published")
    supplier = factory.SubFactory(OrganisationFactory, kind="supplier")


def no_grounds() -> dict[str, dict[str, object]]:
    return {
        ground.code: {"applies": False, "details": "", "self_cleaning": ""} for ground in GROUNDS
    }


class ExclusionDeclarationFactory(factory.django.DjangoModelFactory):
    """A current declaration that no exclusion ground applies."""

    class Meta:
        model = ExclusionDeclaration

    supplier = factory.SubFactory(OrganisationFactory, kind="supplier")
    answers = factory.LazyFunction(no_grounds)
