"""The market engagement demo: an open engagement on the food hubs commission, loaded twice."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from commissioning.models import Commission
from commissioning.specifications import demo as specification_demo
from dialogue.engagement import demo
from dialogue.models import (
    EngagementResponse,
    EventSignup,
    MarketEngagement,
    MarketInsight,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(council: Any) -> dict[str, User]:
    """The demo's commissioner and two supplier people, as home.demo_data makes them."""
    people = {}
    for email, organisation, role in [
        ("commissioner@northbridge.example", council, "commissioner"),
        (
            "micro@nibandnettle.example",
            OrganisationFactory(name="Nib and Nettle", kind="supplier", supplier_type="micro"),
            "supplier",
        ),
        (
            "social@commontable.example",
            OrganisationFactory(
                name="Common Table", kind="supplier", supplier_type="social_enterprise"
            ),
            "supplier",
        ),
    ]:
        people[email] = UserFactory(email=email)
        MembershipFactory(user=people[email], organisation=organisation, role=role)
    Commission.objects.create(
        organisation=council,
        title=specification_demo.FOOD_COMMISSION,
        summary="Food hubs.",
        owner=people["commissioner@northbridge.example"],
    )
    specification_demo.load(council=council, people=people)
    return people


def test_demo_engagement_is_open_with_responses_and_insights_and_loads_twice(council, people):
    first = demo.load(council=council, people=people)
    second = demo.load(council=council, people=people)
    assert first == second
    engagement = MarketEngagement.objects.get()
    assert engagement.status == "open" and engagement.event_capacity == 30
    questions = list(engagement.questions.all())
    assert len(questions) == 3
    assert [q.requirement.kind for q in questions[:2]] == ["open_for_dialogue"] * 2
    assert questions[2].section.kind == "timeline"
    assert EventSignup.objects.count() == 2
    assert EngagementResponse.objects.filter(submitted_at__isnull=False).count() == 2
    insights = list(MarketInsight.objects.order_by("pk"))
    assert [insight.tags for insight in insights] == [
        ["governance", "residents"],
        ["pricing", "low income"],
    ]
    assert all(insight.requirement is not None for insight in insights)
    assert all(insight.answers.count() == 2 for insight in insights)


def test_demo_does_nothing_without_a_commission_open_for_dialogue(council):
    assert demo.load(council=council, people={}) == []
