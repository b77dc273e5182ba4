"""The procurement demo data: a tender in evaluation and one awarded, loaded idempotently."""

from __future__ import annotations

import pytest

from accounts.models import Membership, Organisation, User
from contracts.models import Contract
from home import demo_data
from procurement import demo
from procurement.models import Bid, PriceLine, Score, Tender, TenderStatus
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
    assert len(summary) == 3
    evaluating = Tender.objects.get(reference="NBC-2026-0101")
    awarded = Tender.objects.get(reference="NBC-2026-0102")
    assert evaluating.status == TenderStatus.EVALUATION
    assert awarded.status == TenderStatus.AWARDED
    contract = Contract.objects.get(tender=awarded)
    assert contract.provider_id == awarded.winning_bid.supplier_id
    assert tender_results(awarded)[0].bid == awarded.winning_bid


def test_demo_has_a_two_lot_tender_awarded_to_two_suppliers_as_the_ranking_says():
    from procurement.award import _winner_within_limit
    from procurement.results import lot_results

    _load()
    tender = Tender.objects.get(reference=demo.LOTTED_REFERENCE)
    assert tender.status == TenderStatus.AWARDED
    north, south = tender.lots.order_by("position")
    assert north.contract.provider != south.contract.provider
    assert Contract.objects.filter(tender=tender).count() == 2
    # The demo's decisions are the ones the award rules would make.
    assert _winner_within_limit(north, lot_results(north))[0] == north.winning_bid
    ranked = lot_results(south)
    assert ranked[0].bid.supplier == north.winning_bid.supplier  # passed over: won one lot
    assert _winner_within_limit(south, ranked) == (south.winning_bid, south.award_note)


def test_loading_the_demo_twice_changes_nothing():
    _load()
    counts = (
        Tender.objects.count(),
        Bid.objects.count(),
        Score.objects.count(),
        Contract.objects.count(),
        PriceLine.objects.count(),
    )
    _load()
    assert counts == (
        Tender.objects.count(),
        Bid.objects.count(),
        Score.objects.count(),
        Contract.objects.count(),
        PriceLine.objects.count(),
    )
