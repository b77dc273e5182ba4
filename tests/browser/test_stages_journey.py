"""Journey: in a competitive flexible tender in dialogue, the commissioner does not take a
supplier forward after round 1; once final submissions open, that supplier is refused the
final tender form with the reason, and the supplier still in the process submits. Every
page passes axe.

The rules are tested in tests/procurement/test_stages.py; this keeps only the walk
through the real pages in Chromium.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from procurement import services
from procurement.models import BidStatus, Procedure, TenderStatus
from tests.browser.conftest import assert_accessible, sign_in
from tests.procurement.factories import PublishedTenderFactory, TenderQuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Your outline did not show how meals would reach the Hillside estate."


def test_a_supplier_not_taken_forward_cannot_submit_a_final_tender(
    page: Any,
    browser: Any,
    live_server: Any,
    council: Any,
    commissioner: Any,
    supplier_org: Any,
    supplier_user: Any,
    other_supplier_org: Any,
    other_supplier_user: Any,
) -> None:
    tender = PublishedTenderFactory(
        organisation=council,
        created_by=commissioner,
        procedure=Procedure.COMPETITIVE_FLEXIBLE,
        status=TenderStatus.DIALOGUE,
    )
    TenderQuestionFactory(tender=tender, text="How will you run the hubs?", word_limit=50)
    services.participant_join(tender=tender, supplier=supplier_org, by=supplier_user)
    services.participant_join(tender=tender, supplier=other_supplier_org, by=other_supplier_user)
    url = live_server.url

    # After round 1 the commissioner does not take Big Catering forward, with a reason.
    sign_in(page, live_server, commissioner)
    page.goto(f"{url}{reverse('procurement:tender_detail', args=[tender.pk])}")
    page.get_by_role("link", name="Suppliers taking part").click()
    assert_accessible(page)
    dropped_id = tender.participants.get(supplier=other_supplier_org).pk
    card = page.locator(f"#supplier-{dropped_id}")
    card.get_by_text(f"Do not take {other_supplier_org.name} forward to the next stage").click()
    card.get_by_label("Why is this supplier not going forward?").fill(REASON)
    card.get_by_role("button", name=f"Do not take forward {other_supplier_org.name}").click()
    expect(page.get_by_text(f"{other_supplier_org.name} will not go forward")).to_be_visible()
    assert_accessible(page)

    # Final submissions open (as the dialogue page does when the last round closes).
    type(tender).objects.filter(pk=tender.pk).update(status=TenderStatus.FINAL_SUBMISSIONS)

    # The supplier not taken forward is refused the final tender form, with the reason.
    dropped = browser.new_page()
    sign_in(dropped, live_server, other_supplier_user)
    response = dropped.goto(f"{url}{reverse('procurement:bid_edit', args=[tender.pk])}")
    assert response is not None and response.status == 403
    expect(dropped.get_by_text(REASON)).to_be_visible()
    assert_accessible(dropped)

    # The supplier still in the process submits its final tender.
    kept = browser.new_page()
    sign_in(kept, live_server, supplier_user)
    kept.goto(f"{url}{reverse('procurement:bid_edit', args=[tender.pk])}")
    kept.get_by_label("How will you run the hubs?").fill("Two hubs run with residents.")
    kept.get_by_role("button", name="Submit bid").click()
    expect(kept.get_by_text("Your bid has been submitted.")).to_be_visible()
    assert tender.bids.get().status == BidStatus.SUBMITTED
    assert tender.bids.get().supplier == supplier_org
