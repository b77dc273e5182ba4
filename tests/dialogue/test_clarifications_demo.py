"""The demo clarifications: three published, one private with a reason, one awaiting an
answer; loading twice changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dialogue.clarifications import demo
from dialogue.models import Clarification
from procurement.services import participant_join
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import PublishedTenderFactory

pytestmark = pytest.mark.django_db

SUPPLIERS = {
    "micro@nibandnettle.example": "Nib and Nettle",
    "charity@youngfutures.example": "Young Futures",
    "social@commontable.example": "Common Table",
}


@pytest.fixture
def people(council):
    commissioner = UserFactory(email=demo.COMMISSIONER)
    MembershipFactory(user=commissioner, organisation=council, role="commissioner")
    found = {demo.COMMISSIONER: commissioner}
    for email, name in SUPPLIERS.items():
        person = UserFactory(email=email)
        MembershipFactory(
            user=person, organisation=OrganisationFactory(name=name, kind="supplier"), role="admin"
        )
        found[email] = person
    return found


@pytest.fixture
def tender(council, people):
    tender = PublishedTenderFactory(
        organisation=council,
        status="dialogue",
        procedure="competitive_flexible",
        created_by=people[demo.COMMISSIONER],
        clarification_deadline=timezone.now() + datetime.timedelta(days=10),
        submission_deadline=timezone.now() + datetime.timedelta(days=30),
    )
    for email in SUPPLIERS:
        person = people[email]
        participant_join(tender=tender, supplier=person.memberships.get().organisation, by=person)
    return tender


def test_the_demo_has_published_private_and_awaiting_clarifications(tender, people):
    lines = demo.load(tender=tender, people=people)
    assert "3 published, 1 answered privately, 1 awaiting an answer" in lines[0]
    published = Clarification.objects.filter(tender=tender, status="published")
    assert sorted(published.values_list("log_number", flat=True)) == [1, 2, 3]
    for clarification in published:
        assert clarification.supplier.name not in clarification.published_question
    private = Clarification.objects.get(tender=tender, status="answered_privately")
    assert private.private_reason.startswith("Commercially sensitive")


def test_loading_the_demo_twice_creates_nothing_more(tender, people):
    demo.load(tender=tender, people=people)
    lines = demo.load(tender=tender, people=people)
    assert "0 created" in lines[0]
    assert Clarification.objects.filter(tender=tender).count() == 5
