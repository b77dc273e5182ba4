"""Journey: two commissioners draft one specification together in the browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from commissioning import services
from commissioning.models import Indicator, Outcome
from commissioning.specifications import services as spec_services
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"Saved at \d{1,2}(:\d\d)?[ap]m")


@pytest.fixture
def specification(council: Any, commissioner: Any) -> Any:
    mission = services.mission_create(
        organisation=council,
        title="Everyone eats well",
        statement="By 2030, everyone in Northbridge eats well every day.",
        by=commissioner,
    )
    outcome = Outcome.objects.create(mission=mission, title="More families eat fresh food")
    Indicator.objects.create(outcome=outcome, name="Families eating five a day", unit="%")
    commission = services.commission_create(
        organisation=council,
        title="Community food hubs",
        summary="Food hubs on three estates, run with residents.",
        missions=[mission],
        by=commissioner,
    )
    return spec_services.specification_create(commission=commission, by=commissioner)


def _section(page: Any, heading: str) -> Any:
    return page.locator("section.kindred-spec-section", has=page.locator("h2", has_text=heading))


def test_commissioners_draft_a_specification_together(
    browser: Any,
    page: Any,
    live_server: Any,
    commissioner: Any,
    council_admin: Any,
    specification: Any,
) -> None:
    url = (
        f"{live_server.url}/commissioning/commissions/{specification.commission_id}/specification/"
    )
    sign_in(page, live_server, commissioner)
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=specification.title)).to_be_visible()
    assert_accessible(page)

    # Pick an outcome from the mission's framework.
    outcomes = _section(page, "The outcomes sought")
    outcomes.get_by_text("Choose outcomes from the missions").click()
    outcomes.get_by_label("More families eat fresh food").check()
    assert_accessible(page)
    outcomes.get_by_role("button", name="Save outcomes").click()
    expect(page.get_by_text("Outcomes saved.")).to_be_visible()
    expect(_section(page, "The outcomes sought")).to_contain_text(
        "Measured by: Families eating five a day (%)"
    )

    # A non-negotiable requirement and one open for dialogue, shown in their own groups.
    for kind, text in [
        ("Non-negotiable", "Hubs open at least five days a week, including one evening."),
        ("Open for dialogue", "How residents share in running the hubs."),
    ]:
        requirements = _section(page, "Requirements")
        requirements.get_by_text("Add a requirement").click()
        requirements.get_by_label(kind).check()
        requirements.get_by_label("Requirement", exact=True).fill(text)
        requirements.get_by_role("button", name="Add requirement").click()
        expect(page.get_by_text("Requirement added.")).to_be_visible()
    requirements = _section(page, "Requirements")
    must = requirements.locator(".kindred-requirement-group", has_text="Must be met.")
    expect(must).to_contain_text("Hubs open at least five days a week")
    talk = requirements.locator(
        ".kindred-requirement-group", has_text="We want to discuss this with the market."
    )
    expect(talk).to_contain_text("How residents share in running the hubs.")
    assert_accessible(page)

    # Typing autosaves and the plain-language check follows along.
    background = _section(page, "Background")
    result = background.locator("#plain-language-result-" + str(_section_pk(background)))
    expect(result).to_contain_text("Nothing to check yet")
    background.get_by_label("Text").press_sequentially(
        "Families tell us fresh food is hard to find. ", delay=5
    )
    expect(background.get_by_text(SAVED)).to_be_visible()
    expect(result).to_contain_text("Readability")
    first_reading = result.inner_text()
    background.get_by_label("Text").press_sequentially(
        "Notwithstanding the aforementioned considerations, the organisation shall leverage "
        "deliverables to operationalise comprehensive, multidisciplinary interventions "
        "throughout the contractual relationship.",
        delay=2,
    )
    expect(result).not_to_have_text(first_reading)
    expect(result).to_contain_text("Jargon to replace")
    expect(background.get_by_text(SAVED)).to_be_visible()
    assert_accessible(page)

    # A save that cannot reach the server says so and keeps the text.
    page.route("**/sections/*/edit/", lambda route: route.abort())
    background.get_by_label("Text").press_sequentially(" Offline words.", delay=5)
    expect(background.locator(".kindred-save-status")).to_contain_text(
        "Not saved. We could not reach Kindred."
    )
    expect(background.get_by_label("Text")).to_have_value(re.compile("Offline words.$"))
    assert_accessible(page)
    page.unroute("**/sections/*/edit/")

    # A colleague opens the same section and saves first.
    other_context = browser.new_context()
    other = other_context.new_page()
    try:
        sign_in(other, live_server, council_admin)
        other.goto(url)
        assert_accessible(other)
        their_box = _section(other, "Background").get_by_label("Text")
        their_box.fill("The admin's version: food costs too much on the estates.")
        expect(_section(other, "Background").get_by_text(SAVED)).to_be_visible()
        assert_accessible(other)

        # The first commissioner types on and is told, with the other person's text beside.
        background.get_by_label("Text").press_sequentially(" Residents want to help.", delay=5)
        conflict = background.locator(".kindred-conflict")
        expect(conflict).to_contain_text("changed this section after you opened it")
        expect(conflict.get_by_test_id("their-text")).to_contain_text(
            "The admin's version: food costs too much on the estates."
        )
        expect(conflict.get_by_test_id("your-text")).to_contain_text("Residents want to help.")
        expect(background.get_by_label("Text")).to_have_value(re.compile("Residents want to help"))
        assert_accessible(page)

        # Typing on does not autosave over their text: autosave.js cancels the request
        # (htmx:confirm) once the conflict is shown; only the Save button saves.
        page.evaluate(
            """() => {
              window.autosaveCancelled = null;
              document.addEventListener("htmx:confirm", (event) => {
                if (event.detail.elt.matches("form[data-autosave]")) {
                  window.autosaveCancelled = event.defaultPrevented;
                }
              });
            }"""
        )
        background.get_by_label("Text").press_sequentially(" They need transport.", delay=5)
        # A function, not a string expression: Playwright evals a string in the page, which
        # the CSP refuses.
        page.wait_for_function("() => window.autosaveCancelled !== null")
        assert page.evaluate("() => window.autosaveCancelled") is True
        expect(conflict).to_contain_text("changed this section after you opened it")

        # Saving again is a deliberate choice, and it wins.
        background.get_by_role("button", name="Save Background").click()
        expect(background.get_by_text(SAVED)).to_be_visible()
        expect(background.locator(".kindred-conflict")).to_have_count(0)
        assert_accessible(page)
        other.reload()
        expect(_section(other, "Background").get_by_label("Text")).to_have_value(
            re.compile("Residents want to help")
        )
    finally:
        other_context.close()


def _section_pk(section: Any) -> str:
    return section.get_attribute("id").removeprefix("section-")
