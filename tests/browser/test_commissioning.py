"""Journey: a commissioner goes from a mission to an issued specification."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commissioner_goes_from_mission_to_issued_specification(
    page: Any, live_server: Any, commissioner: Any
) -> None:
    sign_in(page, live_server, commissioner)

    page.goto(f"{live_server.url}/commissioning/missions/")
    expect(page.get_by_role("heading", level=1, name="Missions")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Create a mission").click()
    expect(page.get_by_role("heading", level=1, name="Create a mission")).to_be_visible()
    assert_accessible(page)

    # Sending the form empty shows every problem in the error summary.
    page.get_by_role("button", name="Create mission").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Title").fill("Everyone eats well")
    page.get_by_label("Mission statement").fill(
        "By 2030, everyone in Northbridge eats well every day."
    )
    page.get_by_label("Target date (optional)").fill("31/3/2030")
    page.get_by_label("Mission lead (optional)").select_option(label=str(commissioner))
    page.get_by_role("button", name="Create mission").click()
    expect(page.get_by_role("heading", level=1, name="Everyone eats well")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("31 March 2030")
    assert_accessible(page)

    page.get_by_role("link", name="Record a need for this mission").click()
    expect(page.get_by_role("heading", level=1, name="Record a need")).to_be_visible()
    expect(page.get_by_label("Everyone eats well")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Title").fill("Fresh food near home")
    page.get_by_label("Description").fill(
        "Families on the estates cannot buy fresh food within walking distance."
    )
    page.get_by_label("Who has this need (optional)").fill("Families on the estates")
    page.get_by_role("button", name="Record need").click()
    expect(page.get_by_role("heading", level=1, name="Fresh food near home")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Start a commission for this need").click()
    expect(page.get_by_role("heading", level=1, name="Start a commission")).to_be_visible()
    expect(page.get_by_label("Fresh food near home")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Title").fill("Community food hubs")
    page.get_by_label("Summary").fill("Food hubs on three estates, run with residents.")
    page.get_by_label("Everyone eats well").check()
    page.get_by_label("Lowest budget in pounds (optional)").fill("400000")
    page.get_by_label("Highest budget in pounds (optional)").fill("250000")
    page.get_by_role("button", name="Start commission").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The highest budget must be the same as or more than the lowest."
    )
    assert_accessible(page)
    page.get_by_label("Highest budget in pounds (optional)").fill("600000")
    page.get_by_role("button", name="Start commission").click()
    expect(page.get_by_role("heading", level=1, name="Community food hubs")).to_be_visible()
    expect(page.locator(".govuk-tag").first).to_have_text("Scoping")
    assert_accessible(page)

    page.get_by_label("Options appraisal").check()
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("The commission is now “options appraisal”.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Start the specification").click()
    expect(
        page.get_by_role("heading", level=1, name="Specification: Community food hubs")
    ).to_be_visible()
    assert_accessible(page)

    background = page.locator("section", has=page.locator("h2", has_text="Background"))
    background.get_by_label("Text").fill(
        "People on the Northbridge estates tell us fresh food is hard to find."
    )
    # The section saves itself a moment after typing stops.
    expect(background.get_by_text(re.compile(r"Saved at \d\d:\d\d"))).to_be_visible()
    assert_accessible(page)
    page.reload()
    expect(background.get_by_label("Text")).to_have_value(
        "People on the Northbridge estates tell us fresh food is hard to find."
    )
    assert_accessible(page)

    page.get_by_label("Change note").fill("First issue, for market engagement.")
    page.get_by_role("button", name="Issue version 1").click()
    expect(page.get_by_text("Version 1 issued.")).to_be_visible()
    versions = page.locator("table", has=page.locator("caption", has_text="Issued versions"))
    expect(versions).to_contain_text("First issue, for market engagement.")
    expect(versions).to_contain_text(str(commissioner))
    assert_accessible(page)

    versions.get_by_role("link", name="Version 1").click()
    expect(page.get_by_role("heading", level=1, name="Version 1")).to_be_visible()
    expect(page.locator("main")).to_contain_text("fresh food is hard to find")
    assert_accessible(page)

    # Edit after issuing, issue version 2, and compare the two.
    page.goto(page.url.rsplit("versions/", 1)[0])
    background = page.locator("section", has=page.locator("h2", has_text="Background"))
    background.get_by_label("Text").fill(
        "People on the Northbridge estates tell us fresh, affordable food is hard to find."
    )
    background.get_by_role("button", name="Save Background").click()
    expect(background.get_by_text("Saved at")).to_be_visible()
    page.get_by_label("Change note").fill("Affordability added after talking to residents.")
    page.get_by_role("button", name="Issue version 2").click()
    expect(page.get_by_text("Version 2 issued.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Compare versions").click()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#inline").locator("ins", has_text="affordable")).to_be_visible()
    assert_accessible(page)
