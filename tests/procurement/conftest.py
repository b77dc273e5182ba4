"""Tenders belonging to the `council` fixture, in the states most tests start from."""

from __future__ import annotations

from typing import Any

import pytest

from tests.procurement.factories import (
    BidAnswerFactory,
    BidFactory,
    PublishedTenderFactory,
    TenderFactory,
    TenderQuestionFactory,
)


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
