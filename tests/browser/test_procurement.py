"""Journey: a commissioner publishes a tender, a supplier bids, the bid stays sealed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import CommissionFactory, SpecificationVersionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "We will run open sessions on each estate and let residents choose what we stock."


def test_commissioner_publishes_and_supplier_submits_a_sealed_bid(
    page, browser, live_server, council, commissioner, supplier_user
):
    commission = CommissionFactory(organisation=council, title="Food on the estates")
    SpecificationVersionFactory(specification__commission=commission, number=1)
    deadline = timezone.localtime() + datetime.timedelta(days=10)

    # The commissioner creates a draft tender from the issued specification version.
    sign_in(page, live_server, commissioner)
    page.goto(live_server.url + reverse("procurement:tender_create", args=[commission.pk]))
    assert_accessible(page)
    page.get_by_label("Title").fill("Community food hubs")
    page.get_by_label("Summary").fill("Run community food hubs on three estates.")
    page.get_by_label("Bid deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Create draft tender").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community food hubs")
    assert_accessible(page)

    # Adds a question and publishes.
    page.get_by_label("Question", exact=True).fill("How will you involve residents?")
    page.get_by_label("Word limit").fill("50")
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish tender").click()
    expect(page.get_by_text("Tender published.")).to_be_visible()
    assert_accessible(page)
    tender_url = page.url

    # A supplier, in a browser of their own, finds the opportunity and bids.
    supplier_context = browser.new_context()
    supplier = supplier_context.new_page()
    sign_in(supplier, live_server, supplier_user)
    supplier.goto(live_server.url + reverse("dialogue:opportunity_list"))
    assert_accessible(supplier)
    supplier.get_by_label("Search opportunities").fill("food hubs")
    supplier.get_by_role("button", name="Search").click()
    assert_accessible(supplier)
    supplier.get_by_role("link", name="Community food hubs").click()
    assert_accessible(supplier)
    supplier.get_by_role("button", name="Start your bid").click()
    assert_accessible(supplier)
    supplier.get_by_label("1. How will you involve residents?").fill(ANSWER)
    supplier.get_by_role("button", name="Save draft").click()
    expect(supplier.get_by_text("Your draft has been saved.")).to_be_visible()
    assert_accessible(supplier)
    supplier.get_by_role("button", name="Submit bid").click()
    expect(supplier.get_by_text("Your bid has been submitted.")).to_be_visible()
    expect(supplier.get_by_text(ANSWER)).to_be_visible()
    assert_accessible(supplier)
    supplier_context.close()

    # The commissioner sees that one bid is in, and nothing of what it says.
    page.goto(tender_url)
    expect(page.get_by_text("1 bid submitted")).to_be_visible()
    assert ANSWER not in page.content()
    assert_accessible(page)
