"""Tenders belonging to the `council` fixture, in the states most tests start from."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from procurement import evaluation, services
from procurement.models import PriceLine
from tests.procurement.factories import (
    BidAnswerFactory,
    BidFactory,
    PublishedTenderFactory,
    TenderFactory,
    TenderQuestionFactory,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def draft_tender(council: Any, commissioner: Any):
    tender = TenderFactory(organisation=council, created_by=commissioner)
    TenderQuestionFactory(tender=tender, word_limit=20)
    return tender


@pytest.fixture
def open_tender(council: Any, commissioner: Any):
    tender = PublishedTenderFactory(organisation=council, created_by=commissioner)
    TenderQuestionFactory(tender=tender, text="How will you involve residents?", word_limit=20)
    return tender


@pytest.fixture
def submitted_bid(open_tender: Any, supplier_org: Any, supplier_user: Any):
    bid = BidFactory(tender=open_tender, supplier=supplier_org, status="submitted")
    BidAnswerFactory(
        bid=bid, question=open_tender.questions.get(), text="Secret sealed answer text."
    )
    return bid


@pytest.fixture
def two_lot_open_tender(council: Any, commissioner: Any):
    """A draft tender in two lots, North and South, with one shared question."""
    tender = TenderFactory(organisation=council, created_by=commissioner)
    TenderQuestionFactory(tender=tender)
    services.lot_add(tender=tender, title="North", by=commissioner)
    services.lot_add(tender=tender, title="South", by=commissioner)
    return tender


# --- A tender ready to evaluate ---------------------------------------------------------------
@pytest.fixture
def closed_tender(council, commissioner, supplier_org, other_supplier_org):
    tender = PublishedTenderFactory(organisation=council, created_by=commissioner)
    quality_q = TenderQuestionFactory(tender=tender, text="How will you involve residents?")
    social = tender.criteria.get(kind="social_value")
    social_q = TenderQuestionFactory(tender=tender, text="What social value?", criterion=social)
    for supplier, price in [(supplier_org, 1000), (other_supplier_org, 800)]:
        bid = BidFactory(tender=tender, supplier=supplier, status="submitted")
        bid.submitted_at = tender.submission_deadline - DAY
        bid.save()
        for question in (quality_q, social_q):
            BidAnswerFactory(bid=bid, question=question, text="Our answer.")
        PriceLine.objects.create(bid=bid, item="Service", quantity=1, unit_price=price)
    with time_machine.travel(tender.submission_deadline + DAY, tick=False):
        services.bids_open(tender=tender, by=commissioner)
    # Move the timeline into the past so the rest of the test runs after the deadline.
    shift = tender.submission_deadline - timezone.now() + 2 * DAY
    type(tender).objects.filter(pk=tender.pk).update(
        submission_deadline=tender.submission_deadline - shift,
        bids_opened_at=timezone.now() - DAY,
    )
    tender.refresh_from_db()
    return tender


@pytest.fixture
def evaluating(closed_tender, commissioner, evaluator):
    evaluation.panel_member_add(tender=closed_tender, evaluator=evaluator, by=commissioner)
    evaluation.panel_member_add(tender=closed_tender, evaluator=commissioner, by=commissioner)
    evaluation.conflict_declare(tender=closed_tender, has_conflict=False, by=evaluator)
    evaluation.conflict_declare(tender=closed_tender, has_conflict=False, by=commissioner)
    evaluation.tender_start_evaluation(tender=closed_tender, by=commissioner)
    closed_tender.refresh_from_db()
    return closed_tender


# --- A two-lot tender in evaluation ---------------------------------------------------------
@pytest.fixture
def lotted(evaluating, supplier_org, other_supplier_org):
    """The evaluating tender split into North and South. Both suppliers bid for both lots;
    `supplier_org` is dearer for North (1,000 against 800) and cheaper for South (500
    against 900), so with equal quality each lot goes to a different supplier."""
    from procurement.models import BidLot, Lot

    north = Lot.objects.create(tender=evaluating, title="North", position=1)
    south = Lot.objects.create(tender=evaluating, title="South", position=2)
    prices = {supplier_org.pk: (1000, 500), other_supplier_org.pk: (800, 900)}
    for bid in evaluating.bids.all():
        bid.price_lines.all().delete()
        for lot, price in zip((north, south), prices[bid.supplier_id], strict=True):
            BidLot.objects.create(bid=bid, lot=lot)
            PriceLine.objects.create(bid=bid, lot=lot, item="Service", unit_price=price)
    return evaluating
