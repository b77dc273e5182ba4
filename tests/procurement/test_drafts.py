"""Draft bids never lose work: a withdrawn supplier gets a clear page instead of the
bid form, and the supplier sees what its price schedule comes to. (Word limits on save
and submit are tested with the other bid pages in test_views.py.)"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from procurement import bid_parts, services
from procurement.models import BidStatus, WithdrawalReason
from tests.procurement.factories import BidFactory

pytestmark = pytest.mark.django_db


def test_a_supplier_that_withdrew_sees_when_and_what_it_means(
    client, open_tender, supplier_org, supplier_user
):
    bid = services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)
    participant = open_tender.participants.get(supplier=supplier_org)
    services.participant_withdraw(
        participant=participant, reason=WithdrawalReason.CAPACITY, detail="", by=supplier_user
    )
    participant.refresh_from_db()
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:bid_edit", args=[open_tender.pk]))
    assertContains(response, "You withdrew from this tender", status_code=403)
    assertContains(response, "We do not have the capacity at the moment", status_code=403)
    assertContains(response, "You cannot start, change or submit a bid", status_code=403)
    assertNotContains(response, "Submit bid", status_code=403)
    assertNotContains(response, "Save draft", status_code=403)
    bid.refresh_from_db()
    assert bid.status == BidStatus.WITHDRAWN


def test_a_withdrawn_supplier_posting_the_form_gets_the_same_page(
    client, open_tender, supplier_org, supplier_user
):
    services.participant_join(tender=open_tender, supplier=supplier_org, by=supplier_user)
    services.participant_withdraw(
        participant=open_tender.participants.get(supplier=supplier_org),
        reason=WithdrawalReason.RISK,
        detail="",
        by=supplier_user,
    )
    client.force_login(supplier_user)
    question = open_tender.questions.get()
    response = client.post(
        reverse("procurement:bid_edit", args=[open_tender.pk]),
        {f"answer_{question.pk}": "Sneaking back in.", "action": "save"},
    )
    assertContains(response, "You withdrew from this tender", status_code=403)
    assert not open_tender.bids.filter(answers__isnull=False).exists()


@pytest.fixture
def priced_bid(open_tender, supplier_org, supplier_user):
    bid = BidFactory(tender=open_tender, supplier=supplier_org)
    for item, quantity, price in [("Hub staff", "2.5", "1200.40"), ("Food", "3", "333.33")]:
        bid_parts.price_line_add(
            bid=bid,
            item=item,
            quantity=Decimal(quantity),
            unit_price=Decimal(price),
            by=supplier_user,
        )
    return bid


def test_the_bid_page_shows_the_price_schedule_total(client, priced_bid, supplier_user):
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:bid_edit", args=[priced_bid.tender_id]))
    # 2.5 at £1,200.40 and 3 at £333.33: = £3,001.00 + £999.99
    assertContains(response, "Total price")
    assertContains(response, "£4,000.99")


def test_the_review_page_shows_the_price_schedule_total(client, priced_bid, supplier_user):
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:bid_detail", args=[priced_bid.pk]))
    assertContains(response, "£4,000.99")
