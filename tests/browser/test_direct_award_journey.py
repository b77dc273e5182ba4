"""Journey: a commissioner names the supplier and grounds of a direct award and publishes
it; the public reads the transparency notice; another supplier is refused a bid form with
a clear page; the named supplier submits its offer. Every page passes axe.

What each page says and refuses is tested in tests/procurement/test_direct_award_named.py;
this keeps only the walk through the real pages in Chromium.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from procurement.models import BidStatus, Procedure
from tests.browser.conftest import assert_accessible, sign_in
from tests.procurement.factories import TenderFactory, TenderQuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Specialist respite for young carers"


def test_a_direct_award_admits_only_the_named_supplier(
    page: Any,
    browser: Any,
    live_server: Any,
    council: Any,
    commissioner: Any,
    supplier_org: Any,
    supplier_user: Any,
    other_supplier_user: Any,
) -> None:
    tender = TenderFactory(
        organisation=council,
        created_by=commissioner,
        title=TITLE,
        procedure=Procedure.DIRECT_AWARD,
        direct_award_justification="",
    )
    TenderQuestionFactory(tender=tender, text="How will you run the breaks?", word_limit=50)
    url = live_server.url

    # The commissioner names the supplier and the grounds, and publishes.
    sign_in(page, live_server, commissioner)
    page.goto(f"{url}{reverse('procurement:direct_award', args=[tender.pk])}")
    assert_accessible(page)
    page.get_by_label("Which supplier will the contract go to?").select_option(
        label=supplier_org.name
    )
    page.get_by_label("Extreme urgency that could not be foreseen").check()
    page.get_by_label("How do these grounds apply to this contract?").fill(
        "The current carer breaks end this month and no other provider holds the licence."
    )
    page.get_by_role("button", name="Save supplier and grounds").click()
    expect(page.get_by_text("The supplier and grounds have been saved.")).to_be_visible()
    page.get_by_role("button", name="Publish tender").click()
    expect(page.get_by_role("link", name="Read the transparency notice")).to_be_visible()
    assert_accessible(page)

    # Anyone reads the notice.
    public = browser.new_page()
    public.goto(f"{url}{reverse('procurement:transparency_notice', args=[tender.pk])}")
    expect(public.get_by_text(f"directly to {supplier_org.name}")).to_be_visible()
    assert_accessible(public)

    # Another supplier sees who it is for, and the bid form refuses it with a clear page.
    rival = browser.new_page()
    sign_in(rival, live_server, other_supplier_user)
    rival.goto(f"{url}{reverse('procurement:tender_detail', args=[tender.pk])}")
    expect(rival.get_by_text("Only that supplier can make an offer")).to_be_visible()
    expect(rival.get_by_role("button", name="Start your bid")).to_have_count(0)
    assert_accessible(rival)
    response = rival.goto(f"{url}{reverse('procurement:bid_edit', args=[tender.pk])}")
    assert response is not None and response.status == 403
    expect(rival.get_by_role("heading", name="You cannot bid for this contract")).to_be_visible()
    assert_accessible(rival)

    # The named supplier makes its offer.
    named = browser.new_page()
    sign_in(named, live_server, supplier_user)
    named.goto(f"{url}{reverse('procurement:tender_detail', args=[tender.pk])}")
    named.get_by_role("button", name="Start your bid").click()
    named.get_by_label("How will you run the breaks?").fill("Saturday breaks with our team.")
    assert_accessible(named)
    named.get_by_role("button", name="Submit bid").click()
    expect(named.get_by_text("Your bid has been submitted.")).to_be_visible()
    assert tender.bids.get().status == BidStatus.SUBMITTED
    assert tender.bids.get().supplier == supplier_org
