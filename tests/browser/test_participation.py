"""Taking part in real Chromium: a supplier takes part and messages the buyer, the buyer
replies, a new specification version is issued and the supplier reads what changed, the
supplier withdraws with a reason, and the buyer sees who dropped out and why. Every page
is checked with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from commissioning.specifications.services import specification_version_issue
from procurement.models import TenderParticipant
from procurement.services import participant_join
from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import MissionFactory, SpecificationSectionFactory
from tests.procurement.factories import PublishedTenderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supplier_takes_part_messages_reads_changes_and_withdraws(
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
        title="Community food hubs",
        specification_version__number=1,
        specification_version__snapshot={
            "sections": [
                {
                    "kind": "background",
                    "heading": "Background",
                    "body": "Run three food hubs on the estates.",
                    "position": 0,
                }
            ]
        },
    )
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    tender.commission.missions.add(mission)
    specification = tender.specification_version.specification
    participant_join(tender=tender, supplier=other_supplier_org, by=other_supplier_user)
    base = f"{live_server.url}/opportunities/tenders/{tender.pk}"

    # The supplier takes part and sends a message.
    sign_in(page, live_server, supplier_user)
    page.goto(f"{base}/take-part/")
    assert_accessible(page)
    page.get_by_role("button", name="Take part").click()
    expect(page.get_by_text(f"{supplier_org.name} is taking part")).to_be_visible()
    expect(page.get_by_role("heading", name="No changes to read")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Messages with the buyer").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your message").fill("Can we share a kitchen with another provider?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    assert_accessible(page)

    # The buyer reads the thread and replies.
    buyer = browser.new_page()
    sign_in(buyer, live_server, commissioner)
    buyer.goto(f"{base}/messages/")
    expect(buyer.get_by_text("Can we share a kitchen")).to_be_visible()
    assert_accessible(buyer)
    buyer.get_by_role("link", name=supplier_org.name).click()
    assert_accessible(buyer)
    buyer.get_by_label("Your message").fill("Yes. Say how you would share it in your bid.")
    buyer.get_by_role("button", name="Send reply").click()
    expect(buyer.get_by_text("Message sent.")).to_be_visible()
    assert_accessible(buyer)

    # A new version is issued; the supplier reads what changed since version 1.
    SpecificationSectionFactory(
        specification=specification,
        kind="background",
        heading="Background",
        body="Run four food hubs on the estates.",
        position=0,
    )
    version = specification_version_issue(
        specification=specification,
        change_note="Dialogue showed that a fourth hub is needed in the north.",
        by=commissioner,
    )
    tender.specification_version = version
    tender.save(update_fields=["specification_version"])

    page.reload()
    expect(page.get_by_text("Yes. Say how you would share it in your bid.")).to_be_visible()
    page.get_by_role("link", name="Specification and changes").click()
    expect(page.get_by_role("heading", name="Changes since version 1")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Dialogue showed that a fourth hub is needed")
    ).to_be_visible()
    expect(page.locator("ins").filter(has_text="four")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_role("heading", name="No changes to read")).to_be_visible()
    assert_accessible(page)

    # The supplier withdraws with a reason.
    page.get_by_role("link", name="Withdraw from this tender").click()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw from this tender").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Too much risk is transferred to the provider").check()
    page.get_by_label("Tell the buyer more").fill("The penalty for a missed delivery is too high.")
    page.get_by_role("button", name="Withdraw from this tender").click()
    expect(page.get_by_text("You withdrew on")).to_be_visible()
    assert_accessible(page)
    participant = TenderParticipant.objects.get(tender=tender, supplier=supplier_org)
    assert participant.withdrawal_reason == "risk"

    # The buyer sees who dropped out and why, for the tender and the mission.
    buyer.goto(f"{base}/market-shaping/")
    expect(buyer.get_by_text("The penalty for a missed delivery is too high.")).to_be_visible()
    assert_accessible(buyer)
    buyer.goto(f"{live_server.url}/opportunities/missions/{mission.pk}/market-shaping/")
    expect(
        buyer.locator("#tenders").get_by_role("link", name="Community food hubs")
    ).to_be_visible()
    expect(buyer.locator("#withdrawals")).to_contain_text("The penalty for a missed delivery")
    assert_accessible(buyer)
