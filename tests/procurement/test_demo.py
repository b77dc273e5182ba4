"""The procurement demo data: a tender in evaluation and one awarded, loaded idempotently."""

from __future__ import annotations

import pytest

from accounts.models import Membership, Organisation, User
from contracts.models import Contract
from home import demo_data
from procurement import demo
from procurement.models import Bid, Score, Tender, TenderStatus
from procurement.results import tender_results
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _load():
    # The demo people and organisations as home.demo_data makes them.
    council, _ = Organisation.objects.get_or_create(
        slug=demo_data.COUNCIL["slug"],
        defaults={"name": "Northbridge Council", "kind": "public_body"},
    )
    for slug in ["nib-and-nettle", "young-futures", "amberline", "common-table"]:
        Organisation.objects.get_or_create(
            slug=slug, defaults={"name": slug.replace("-", " ").title(), "kind": "supplier"}
        )
    people = {}
    for email, name, org_slug, role in demo_data.PEOPLE:
        user = User.objects.filter(email=email).first() or UserFactory(email=email, full_name=name)
        organisation = Organisation.objects.filter(slug=org_slug).first()
        if organisation is not None:
            Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        people[email] = user
    return demo.load(council=council, people=people)


def test_demo_has_a_tender_in_evaluation_and_one_awarded_with_a_contract():
    summary = _load()
    assert len(summary) == 2
    evaluating = Tender.objects.get(reference="NBC-2026-0101")
    awarded = Tender.objects.get(reference="NBC-2026-0102")
    assert evaluating.status == TenderStatus.EVALUATION
    assert awarded.status == TenderStatus.AWARDED
    contract = Contract.objects.get(tender=awarded)
    assert contract.provider_id == awarded.winning_bid.supplier_id
    assert tender_results(awarded)[0].bid == awarded.winning_bid


def test_loading_the_demo_twice_changes_nothing():
    _load()
    counts = (
        Tender.objects.count(),
        Bid.objects.count(),
        Score.objects.count(),
        Contract.objects.count(),
    )
    _load()
    assert counts == (
        Tender.objects.count(),
        Bid.objects.count(),
        Score.objects.count(),
        Contract.objects.count(),
    )
