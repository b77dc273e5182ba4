"""Journey: an admin sets the buyer's procurement rules; a commissioner sets how a draft
tender is scored and records why a direct award has no competition; a bidder reads both."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.procurement.factories import TenderFactory, TenderQuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Only one registered provider can deliver this specialist respite service."


def test_buyer_settings_scoring_and_direct_award_justification(
    page, browser, live_server, council, council_admin, commissioner, supplier_user
):
    tender = TenderFactory(organisation=council, created_by=commissioner, procedure="direct_award")
    TenderQuestionFactory(tender=tender, text="How will you keep people safe?")

    # The admin finds the settings from the tender list and raises the standstill period.
    sign_in(page, live_server, council_admin)
    page.goto(live_server.url + reverse("procurement:tender_list"))
    assert_accessible(page)
    page.get_by_role("link", name="Procurement settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Procurement settings")
    assert_accessible(page)
    page.get_by_label("Standstill period in working days").fill("5")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Standstill period in working days").fill("10")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Procurement settings saved.")).to_be_visible()
    assert_accessible(page)

    # The commissioner sets a 0 to 4 scale and the linear price formula.
    commissioner_context = browser.new_context()
    buyer = commissioner_context.new_page()
    sign_in(buyer, live_server, commissioner)
    buyer.goto(live_server.url + reverse("procurement:tender_criteria", args=[tender.pk]))
    assert_accessible(buyer)
    buyer.get_by_role("link", name="Change the score scale and price formula").click()
    expect(buyer.get_by_role("heading", level=1)).to_have_text("How bids are scored")
    assert_accessible(buyer)
    buyer.get_by_label("Highest score").select_option("4")
    buyer.get_by_label("What a score of 2 means").fill("")
    buyer.get_by_role("button", name="Save how bids are scored").click()
    expect(buyer.get_by_text("Enter what a score of 2 means").first).to_be_visible()
    assert_accessible(buyer)
    buyer.get_by_label("What a score of 2 means").fill("Adequate: meets most of the need.")
    buyer.get_by_label("What a score of 4 means").fill(
        "Strong: meets all of the need, well evidenced."
    )
    buyer.get_by_label("Lose 1% of the price weight").check()
    buyer.get_by_role("button", name="Save how bids are scored").click()
    expect(buyer.get_by_text("How bids are scored has been saved.")).to_be_visible()
    expect(buyer.get_by_text("Strong: meets all of the need, well evidenced.")).to_be_visible()
    assert_accessible(buyer)

    # A direct award cannot be published until it says why there is no competition.
    buyer.goto(live_server.url + reverse("procurement:tender_detail", args=[tender.pk]))
    buyer.get_by_role("button", name="Publish tender").click()
    expect(buyer.get_by_text("without a competition").first).to_be_visible()
    assert_accessible(buyer)
    buyer.get_by_role("link", name="Change why there is no competition").click()
    assert_accessible(buyer)
    buyer.get_by_label("Why is this contract being awarded without a competition?").fill(REASON)
    buyer.get_by_role("button", name="Save justification").click()
    expect(buyer.get_by_text("Justification saved.")).to_be_visible()
    buyer.get_by_role("button", name="Publish tender").click()
    expect(buyer.get_by_text("Tender published.")).to_be_visible()
    assert_accessible(buyer)
    commissioner_context.close()

    # A supplier reads the justification and what each score means.
    supplier_context = browser.new_context()
    supplier = supplier_context.new_page()
    sign_in(supplier, live_server, supplier_user)
    supplier.goto(live_server.url + reverse("procurement:tender_detail", args=[tender.pk]))
    expect(supplier.get_by_text(REASON)).to_be_visible()
    supplier.get_by_text("How answers and prices are scored").click()
    expect(supplier.get_by_text("Strong: meets all of the need, well evidenced.")).to_be_visible()
    assert_accessible(supplier)
    supplier_context.close()
