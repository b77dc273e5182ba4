"""Journey: a contract manager adds an in-house agreement and records a check-in."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import MissionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_contract_manager_adds_an_agreement_and_records_a_checkin(
    page: Any, live_server: Any, contract_manager: Any, council: Any
) -> None:
    MissionFactory(organisation=council, title="Every child eats well")
    sign_in(page, live_server, contract_manager)

    page.goto(f"{live_server.url}/contracts/")
    expect(page.get_by_role("heading", name="Contract register")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a contract or agreement").click()
    expect(page.get_by_role("heading", name="Add a contract or agreement")).to_be_visible()
    assert_accessible(page)

    # Sending the form empty shows every problem in the error summary.
    page.get_by_role("button", name="Add to the register").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Title").fill("Holiday lunch clubs")
    page.get_by_label("In-house service agreement").check()
    page.get_by_label("Or the name of the team delivering it").fill("School catering team")
    page.get_by_label("Total value in pounds").fill("£85,000")
    page.get_by_label("Start date").fill("1 4 2027")
    page.get_by_label("End date").fill("31 3 2029")
    page.get_by_label("Contract manager").select_option(label=str(contract_manager))
    page.get_by_label("Every child eats well").check()
    page.get_by_role("button", name="Add to the register").click()

    expect(page.get_by_role("heading", level=1, name="Holiday lunch clubs")).to_be_visible()
    expect(
        page.get_by_text("Holiday lunch clubs is added to the contract register.")
    ).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("£85,000")
    expect(page.locator(".govuk-summary-list")).to_contain_text("School catering team")
    assert_accessible(page)

    today = timezone.localdate()
    page.get_by_label("Date of the check-in").fill(f"{today.day} {today.month} {today.year}")
    page.get_by_label("What happened for the people using the service?").fill(
        "Sixty children came to lunch club every day of the Easter holiday."
    )
    page.get_by_label("What went well?").fill("Children helped to cook.")
    page.get_by_label("What was hard?").fill("Two sites had no hot water for a week.")
    page.get_by_label("What have we learned?").fill("Check the boilers before the holiday.")
    page.get_by_role("button", name="Record check-in").click()

    expect(page.get_by_text("Your check-in is recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Check-in on {today:%-d %B %Y}")).to_be_visible()
    expect(page.get_by_text("Sixty children came to lunch club")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Mark as active").click()
    expect(page.get_by_text("The contract is now active.")).to_be_visible()
    expect(page.get_by_role("button", name="Extend the contract")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/contracts/")
    expect(page.get_by_role("link", name="Holiday lunch clubs")).to_be_visible()

    # Transactional tests empty the tables, so load the open measures as the migration does.
    importlib.import_module("social_value.migrations.0002_load_kindred_measures").load_measures(
        apps, None
    )
    page.goto(f"{live_server.url}/social-value/measures/")
    expect(page.get_by_role("heading", level=1, name="Social value measures")).to_be_visible()
    expect(page.get_by_role("heading", name="Fighting climate change")).to_be_visible()
    assert_accessible(page)
