from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from commissioning.models import (
    Commission,
    EvidenceItem,
    Indicator,
    IndicatorReading,
    Mission,
    Need,
    Outcome,
    Place,
    PublicComment,
    SectionKind,
    Specification,
    SpecificationSection,
    SpecificationVersion,
)
from tests.factories import OrganisationFactory


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Mission {n}")
    statement = "By 2030, everyone eats well every day."


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")
    kind = "ward"


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Need {n}")
    description = "Families on the estate cannot get fresh food within walking distance."


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Commission {n}")
    summary = "Community food hubs on three estates."


class SpecificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specification

    commission = factory.SubFactory(CommissionFactory)
    title = factory.LazyAttribute(lambda o: f"Specification for {o.commission.title}")


class SpecificationSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecificationSection

    specification = factory.SubFactory(SpecificationFactory)
    kind = SectionKind.BACKGROUND
    heading = "Background"
    body = "People on the Northbridge estates tell us fresh food is hard to find."
    position = factory.Sequence(int)


class SpecificationVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecificationVersion

    specification = factory.SubFactory(SpecificationFactory)
    number = factory.Sequence(lambda n: n + 1)
    change_note = "First issue."
    snapshot = factory.LazyAttribute(
        lambda o: {
            "sections": [
                {"kind": "background", "heading": "Background", "body": "Text.", "position": 1}
            ]
        }
    )


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    mission = factory.SubFactory(MissionFactory)
    title = factory.Sequence(lambda n: f"Outcome {n}")
    position = factory.Sequence(int)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    outcome = factory.SubFactory(OutcomeFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "% of residents"

    class Params:
        # 18 on 1 April 2025, aiming for 9 by 31 March 2028.
        with_baseline_and_target = factory.Trait(
            baseline_value=18,
            baseline_date=datetime.date(2025, 4, 1),
            target_value=9,
            target_date=datetime.date(2028, 3, 31),
        )


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceItem

    need = factory.SubFactory(NeedFactory)
    kind = "statement"
    summary = "Residents say the nearest shop is a long walk away."


class IndicatorReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorReading

    indicator = factory.SubFactory(IndicatorFactory)
    value = 50
    date = datetime.date(2025, 6, 30)


class PublicCommentFactory(factory.django.DjangoModelFactory):
    """A comment from the public, confirmed and waiting for moderation unless told."""

    class Meta:
        model = PublicComment

    commission = factory.SubFactory(
        CommissionFactory,
        public_summary="We want food hubs that residents help to run.",
        published_at=factory.LazyFunction(timezone.now),
        invite_views_in=["before_award", "during", "after"],
    )
    phase = "before_award"
    display_name = factory.Sequence(lambda n: f"Resident {n}")
    email = factory.Sequence(lambda n: f"resident{n}@example.com")
    body = "Please open the hub on Saturday mornings, when families are free."
    status = "pending"
    confirmed_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == "published" else None
    )
    hidden_reason = factory.LazyAttribute(
        lambda o: "It names a member of staff." if o.status == "hidden" else ""
    )
