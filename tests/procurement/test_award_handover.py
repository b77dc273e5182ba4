"""Nothing is lost at the hand-over: the award's contract serves what the commission served."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from contracts.models import Contract
from procurement import award
from procurement.models import Tender, TenderStatus
from tests.commissioning.factories import MissionFactory, OutcomeFactory, PlaceFactory
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(closed_tender):
    """The commission behind the tender serves a mission, a place and an outcome, and its
    specification version sought a second outcome by id and a third by title only (as
    snapshots did before they kept ids)."""
    council = closed_tender.organisation
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    place = PlaceFactory(organisation=council, name="Riverside ward")
    chosen = OutcomeFactory(mission=mission, title="Fewer families go hungry")
    by_id = OutcomeFactory(mission=mission, title="More fresh food on the estates")
    by_title = OutcomeFactory(mission=mission, title="Children eat a hot lunch")
    commission = closed_tender.commission
    commission.missions.set([mission])
    commission.places.set([place])
    commission.outcomes.set([chosen])
    version = closed_tender.specification_version
    version.snapshot = {
        "sections": [
            {
                "kind": "outcomes",
                "heading": "The outcomes sought",
                "outcomes": [
                    {"id": by_id.pk, "title": by_id.title},
                    {"title": by_title.title},
                ],
            }
        ]
    }
    version.save()
    return {"mission": mission, "place": place, "outcomes": {chosen, by_id, by_title}}


def _ready_to_award(tender: Tender) -> Tender:
    Tender.objects.filter(pk=tender.pk).update(
        status=TenderStatus.READY_TO_AWARD,
        winning_bid=tender.bids.order_by("pk").first(),
        standstill_ends_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    return Tender.objects.get(pk=tender.pk)


def test_award_carries_missions_places_and_outcomes_into_the_contract(
    closed_tender, linked, commissioner
):
    tender = _ready_to_award(closed_tender)
    award.tender_award(
        tender=tender,
        start_date=datetime.date(2027, 4, 1),
        end_date=datetime.date(2029, 3, 31),
        by=commissioner,
    )
    contract = Contract.objects.get(tender=tender)
    assert list(contract.missions.all()) == [linked["mission"]]
    assert list(contract.places.all()) == [linked["place"]]
    assert set(contract.outcomes.all()) == linked["outcomes"]


def test_a_contract_keeps_the_links_its_maker_chose(closed_tender, linked, commissioner):
    from contracts.services import contract_create

    other_place = PlaceFactory(organisation=closed_tender.organisation, name="Hillside ward")
    contract = contract_create(
        organisation=closed_tender.organisation,
        title="Lot 2: Hillside",
        kind="tendered",
        provider=closed_tender.bids.first().supplier,
        value=1000,
        start_date=datetime.date(2027, 4, 1),
        end_date=datetime.date(2029, 3, 31),
        places=[other_place],
        commission=closed_tender.commission,
        tender=closed_tender,
        by=commissioner,
    )
    assert list(contract.places.all()) == [other_place]
    assert list(contract.missions.all()) == [linked["mission"]]


def test_migration_repairs_awarded_contracts_that_lost_their_links(closed_tender, linked):
    repair = importlib.import_module(
        "contracts.migrations.0007_carry_commission_links_into_awarded_contracts"
    )
    bare = ContractFactory(
        organisation=closed_tender.organisation,
        tender=closed_tender,
        commission=None,
        provider=closed_tender.bids.first().supplier,
    )
    edited_place = PlaceFactory(organisation=closed_tender.organisation, name="Hillside ward")
    edited = ContractFactory(
        organisation=closed_tender.organisation,
        tender=closed_tender,
        provider=closed_tender.bids.first().supplier,
    )
    edited.places.set([edited_place])
    unrelated = ContractFactory(organisation=closed_tender.organisation, tender=None)

    repair.carry_links(apps, None)

    assert list(bare.missions.all()) == [linked["mission"]]
    assert list(bare.places.all()) == [linked["place"]]
    assert set(bare.outcomes.all()) == linked["outcomes"]
    assert list(edited.places.all()) == [edited_place]
    assert list(edited.missions.all()) == [linked["mission"]]
    assert not unrelated.missions.exists()
