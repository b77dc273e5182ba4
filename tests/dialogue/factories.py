"""Factories for the supplier portal: tenders shaped for search tests, market engagement,
participation, clarifications and dialogue rounds."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from dialogue.models import (
    Clarification,
    DialogueRound,
    EngagementQuestion,
    EngagementResponse,
    MarketEngagement,
    MeetingSlot,
    OutlineSubmission,
    RoundFeedback,
    TenderMessage,
)
from procurement.models import Tender
from tests.commissioning.factories import CommissionFactory
from tests.factories import OrganisationFactory
from tests.procurement.factories import (
    PublishedTenderFactory,
    TenderFactory,
    TenderParticipantFactory,
)


def spec_snapshot(body: str = "Text.", requirements: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "sections": [
            {
                "kind": "requirements",
                "heading": "Requirements",
                "body": body,
                "position": 1,
                "requirements": [{"kind": "non_negotiable", "text": text} for text in requirements],
                "outcomes": [],
            }
        ]
    }


def opportunity(
    *,
    spec_body: str = "Text.",
    requirements: tuple[str, ...] = (),
    missions: tuple[Any, ...] = (),
    places: tuple[Any, ...] = (),
    category: str = "",
    **fields: Any,
) -> Tender:
    """A published tender; its commission carries the given missions, places and category.

    The commission is complete before the tender is saved, as in the service, so the
    search row built when the tender is saved sees all of it.
    """
    organisation = fields.pop("organisation", None) or OrganisationFactory()
    commission = CommissionFactory(organisation=organisation, spend_category=category)
    commission.missions.add(*missions)
    commission.places.add(*places)
    return PublishedTenderFactory(
        organisation=organisation,
        commission=commission,
        specification_version__snapshot=spec_snapshot(spec_body, requirements),
        **fields,
    )


# --- Market engagement, participation, clarifications and dialogue rounds ----------------
def _in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


class MarketEngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MarketEngagement

    organisation = factory.SubFactory(OrganisationFactory)
    commission = factory.SubFactory(
        CommissionFactory, organisation=factory.SelfAttribute("..organisation")
    )
    title = factory.Sequence(lambda n: f"Market engagement {n}")
    brief = "We want to hear how community food hubs could work on our estates."
    response_deadline = factory.LazyFunction(lambda: _in_days(21))


class EngagementQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementQuestion

    engagement = factory.SubFactory(MarketEngagementFactory)
    text = "What would help small providers run a hub?"
    position = factory.Sequence(int)


class EngagementResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementResponse

    engagement = factory.SubFactory(MarketEngagementFactory, status="open")
    supplier = factory.SubFactory(OrganisationFactory, kind="supplier")


class TenderMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenderMessage

    participant = factory.SubFactory(TenderParticipantFactory)
    from_buyer = False
    body = "Could we meet to talk about the premises?"


class ClarificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clarification

    tender = factory.SubFactory(TenderFactory, status="published")
    supplier = factory.SubFactory(OrganisationFactory, kind="supplier")
    question = "Can two organisations bid together as a consortium?"


class DialogueRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueRound

    tender = factory.SubFactory(TenderFactory, status="dialogue", procedure="competitive_flexible")
    number = factory.Sequence(lambda n: n + 1)
    title = "Delivery models"
    agenda = "How hubs share premises, volunteers and food."
    meetings_from = factory.LazyFunction(lambda: _in_days(5).date())
    meetings_to = factory.LazyFunction(lambda: _in_days(7).date())
    outline_deadline = factory.LazyFunction(lambda: _in_days(10))


class MeetingSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSlot

    round = factory.SubFactory(DialogueRoundFactory)
    starts_at = factory.LazyFunction(lambda: _in_days(5))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    location = "Room 2, Northbridge Town Hall"


class OutlineSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutlineSubmission

    round = factory.SubFactory(DialogueRoundFactory)
    supplier = factory.SubFactory(OrganisationFactory, kind="supplier")
    text = "Three hubs run with tenants' associations, sharing one van."


class RoundFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundFeedback

    round = factory.SubFactory(DialogueRoundFactory)
    supplier = factory.SubFactory(OrganisationFactory, kind="supplier")
    body = "Your volunteer model is strong; say more about food safety."
