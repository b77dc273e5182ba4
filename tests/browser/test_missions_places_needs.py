"""A commissioner frames a mission: outcomes and indicators, places from a CSV file, a need
with a resident's words and a figure, then sees it all from the mission and the place.
Every page is checked with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACES_CSV = (
    b"name,kind,parent,code\n"
    b"Castle ward,ward,North Northbridge,E05000101\n"
    b"Kestrel estate,neighbourhood,Castle ward,\n"
    b"North Northbridge,area,Northbridge,\n"
    b"Northbridge,authority,,E06000099\n"
)
BAD_CSV = b"name,kind,parent,code\nCastle ward,county,Nowhere,\n"


def _csv(content: bytes) -> dict[str, Any]:
    return {"name": "places.csv", "mimeType": "text/csv", "buffer": content}


def test_commissioner_frames_a_mission_with_outcomes_places_and_evidence(
    page: Any, live_server: Any, council: Any, commissioner: Any
) -> None:
    sign_in(page, live_server, commissioner)

    # A mission with an outcome and an indicator.
    page.goto(f"{live_server.url}/commissioning/missions/new/")
    assert_accessible(page)
    page.get_by_label("Title").fill("Everyone eats well")
    page.get_by_label("Mission statement").fill("By 2030, everyone eats well every day.")
    page.get_by_role("button", name="Create mission").click()
    expect(page.get_by_role("heading", level=1, name="Everyone eats well")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add an outcome").click()
    assert_accessible(page)
    page.get_by_label("Outcome", exact=True).fill("More families eat fresh food every day")
    page.get_by_role("button", name="Add outcome").click()
    expect(
        page.get_by_text("Outcome “More families eat fresh food every day” added.")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an indicator to More families eat fresh food").click()
    assert_accessible(page)
    page.get_by_label("Indicator", exact=True).fill("Residents who eat 5 a day")
    page.get_by_label("Unit").fill("% of residents")
    page.get_by_label("Higher is better").check()
    page.get_by_label("Baseline value (optional)").fill("31")
    page.get_by_label("Baseline date (optional)").fill("31/3/2024")
    page.get_by_label("Target value (optional)").fill("20")
    page.get_by_label("Target date (optional)").fill("31/3/2030")
    page.get_by_role("button", name="Add indicator").click()
    # A target worse than the baseline is explained, and nothing typed is lost.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Indicator", exact=True)).to_have_value("Residents who eat 5 a day")
    assert_accessible(page)
    page.get_by_label("Target value (optional)").fill("45")
    page.get_by_label("Data source (optional)").fill("Residents' Survey")
    page.get_by_role("button", name="Add indicator").click()
    indicators = page.get_by_role("table", name="Indicators for More families eat fresh food")
    expect(indicators).to_contain_text("Residents who eat 5 a day")
    expect(indicators).to_contain_text("by March 2030")
    assert_accessible(page)

    # Places from a CSV file: a bad file is refused row by row, then a good one imports.
    page.get_by_role("link", name="Missions", exact=True).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="See places and what touches each one").click()
    assert_accessible(page)
    page.get_by_role("button", name="Import places from a CSV file").click()
    assert_accessible(page)
    page.get_by_label("Upload a CSV file").set_input_files(_csv(BAD_CSV))
    page.get_by_role("button", name="Import places").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Nothing was imported")
    expect(summary).to_contain_text("Row 2:")
    assert_accessible(page)
    page.get_by_label("Upload a CSV file").set_input_files(_csv(PLACES_CSV))
    page.get_by_role("button", name="Import places").click()
    expect(page.get_by_text("Places imported: 4 added, 0 changed.")).to_be_visible()
    expect(page.get_by_role("link", name="Kestrel estate")).to_be_visible()
    assert_accessible(page)

    # A need on the Kestrel estate, with a resident's words and a figure.
    page.goto(f"{live_server.url}/commissioning/missions/")
    page.get_by_role("link", name="Everyone eats well").click()
    page.get_by_role("link", name="Record a need for this mission").click()
    page.get_by_label("Title").fill("Fresh food is hard to reach on the Kestrel estate")
    page.get_by_label("Description").fill("The nearest greengrocer is a 25-minute walk away.")
    page.get_by_label("Kestrel estate").check()
    assert_accessible(page)
    page.get_by_role("button", name="Record need").click()
    assert_accessible(page)

    page.get_by_role("link", name="Add what a resident said").click()
    assert_accessible(page)
    page.get_by_label("What they said").fill(
        "By the time I've walked back with the shopping, the kids are starving."
    )
    page.get_by_label("Who said it").fill("Parent, Kestrel estate")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator("blockquote")).to_contain_text("the kids are starving")
    assert_accessible(page)

    page.get_by_role("link", name="Add a data point").click()
    page.get_by_label("Figure", exact=True).fill("38%")
    page.get_by_label("What the figure shows").fill("Pupils eligible for free school meals")
    page.get_by_label("Source", exact=True).fill("School census")
    page.get_by_label("Date of the figure").fill("31/1/2025")
    assert_accessible(page)
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("cell", name="38%", exact=True)).to_be_visible()
    assert_accessible(page)

    # The mission page shows the evidence base.
    page.get_by_role("link", name="Everyone eats well").click()
    expect(page.get_by_role("heading", name="Evidence base")).to_be_visible()
    expect(page.locator("blockquote")).to_contain_text("Parent, Kestrel estate")
    expect(page.get_by_role("cell", name="38%", exact=True)).to_be_visible()
    assert_accessible(page)

    # The place page of the area lists the need tagged with the estate inside it.
    page.goto(f"{live_server.url}/commissioning/places/")
    assert_accessible(page)
    page.get_by_role("link", name="North Northbridge").click()
    expect(page.get_by_role("heading", level=1, name="North Northbridge")).to_be_visible()
    expect(
        page.get_by_role("link", name="Fresh food is hard to reach on the Kestrel estate")
    ).to_be_visible()
    assert_accessible(page)
