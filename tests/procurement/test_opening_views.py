"""Opening the bids through the tender page once the deadline has passed, and the
criteria page confirming that the weights add up before publishing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from procurement.models import Tender

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_after_the_deadline_the_buyer_opens_the_bids_from_the_tender_page(
    client: Any, commissioner: Any, submitted_bid: Any
) -> None:
    tender = submitted_bid.tender
    url = reverse("procurement:tender_detail", args=[tender.pk])
    with time_machine.travel(tender.submission_deadline + DAY):
        client.force_login(commissioner)
        page = client.get(url)
        assertContains(page, "1 bid submitted")
        assertContains(page, reverse("procurement:bids_open", args=[tender.pk]))
        assertNotContains(page, "Secret sealed answer text.")
        response = client.post(reverse("procurement:bids_open", args=[tender.pk]), follow=True)
    assertContains(response, "Bids opened.")
    assertContains(response, reverse("procurement:bid_detail", args=[submitted_bid.pk]))
    tender = Tender.objects.get(pk=tender.pk)
    assert tender.bids_opened_at is not None
    assert tender.bids_opened_by == commissioner


def test_the_criteria_page_says_when_the_weights_add_up(
    client: Any, commissioner: Any, draft_tender: Any
) -> None:
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_criteria", args=[draft_tender.pk]))
    assertContains(response, "The weights add up.")
