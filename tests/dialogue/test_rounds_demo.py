"""The dialogue rounds demo: round 1 closed with version 2, round 2 open; loads once."""

from __future__ import annotations

import pytest

from dialogue.rounds import demo
from tests.dialogue.test_rounds_services import dialogue_tender
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_runs_two_rounds_once(council):
    commissioner = UserFactory(email=demo.COMMISSIONER)
    MembershipFactory(user=commissioner, organisation=council, role="commissioner")
    people = {demo.COMMISSIONER: commissioner}
    suppliers = []
    for email in demo.BIDDERS:
        supplier = OrganisationFactory(kind="supplier")
        person = UserFactory(email=email)
        MembershipFactory(user=person, organisation=supplier, role="supplier")
        people[email] = person
        suppliers.append(supplier)
    tender = dialogue_tender(council, *suppliers, created_by=commissioner)
    first_version = tender.specification_version

    lines = demo.load(tender=tender, people=people)
    assert len(lines) == 2
    assert demo.load(tender=tender, people=people) == []

    first, second = tender.dialogue_rounds.order_by("number")
    tender.refresh_from_db()
    assert first.status == "closed"
    assert first.outlines.filter(submitted_at__isnull=False).count() == 3
    assert first.feedback.count() == 3
    assert first.issued_version.number == first_version.number + 1
    assert "dialogue round 1" in first.issued_version.change_note
    assert tender.specification_version == first.issued_version
    assert second.status == "open"
    assert second.slots.count() == 3
    assert second.slots.filter(booked_by_supplier__isnull=False).count() == 1
