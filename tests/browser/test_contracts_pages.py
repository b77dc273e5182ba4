"""Journey: a contract manager sets KPIs, assesses performance, logs a change, takes up an
extension, decides what happens next and adds to the learning log. Axe on every page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from contracts.models import ContractStatus
from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_runs_performance_changes_decision_and_learning(
    page: Any, live_server: Any, council: Any, contract_manager: Any, supplier_org: Any
) -> None:
    mission = MissionFactory(organisation=council, title="Every child eats well")
    contract = ContractFactory(
        organisation=council,
        provider=supplier_org,
        title="Holiday meals",
        value=6_000_000,
        status=ContractStatus.ACTIVE,
        end_date=datetime.date(2028, 3, 31),
        contract_manager=contract_manager,
    )
    contract.missions.add(mission)
    sign_in(page, live_server, contract_manager)
    url = f"{live_server.url}/contracts/{contract.pk}/"
    page.goto(url)
    expect(page.get_by_text("need at least 3 KPIs")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a KPI").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add the KPI").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Meals served")
    page.get_by_label("How it is measured").fill("Till count at each school")
    page.get_by_label("Target").fill("2,000 a holiday")
    page.get_by_label("Quarterly").check()
    page.get_by_role("button", name="Add the KPI").click()
    expect(page.get_by_text("The KPI is added.")).to_be_visible()

    page.get_by_role("link", name="Enter a KPI reading").click()
    assert_accessible(page)
    page.get_by_label("KPI").select_option(label="Meals served")
    page.get_by_label("Period").fill("Summer 2027")
    page.get_by_label("Reading").fill("1,900")
    page.get_by_role("button", name="Record the reading").click()
    expect(page.get_by_text("The reading is recorded.")).to_be_visible()

    page.get_by_role("link", name="Assess performance").click()
    assert_accessible(page)
    page.get_by_label("Period assessed").fill("2027 to 2028")
    page.get_by_label("Date of the assessment").fill("1 4 2028")
    page.get_by_label("How did the contract perform?").fill("A strong first year.")
    page.get_by_label("Approaching target").check()
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.get_by_text("The performance assessment is recorded.")).to_be_visible()
    expect(page.get_by_text("Meals served").last).to_be_visible()

    page.get_by_role("link", name="Log a change").click()
    assert_accessible(page)
    page.get_by_label("Date of the change").fill("1 6 2027")
    page.get_by_label("What changed?").fill("Add two more schools")
    page.get_by_label("Why?").fill("Families in Hollowgate asked for it")
    page.get_by_label("Change in value, in pounds").fill("20000")
    page.get_by_role("button", name="Log the change").click()
    expect(page.get_by_text("The change is logged.")).to_be_visible()
    expect(page.get_by_text("£6,020,000")).to_be_visible()

    page.get_by_role("link", name="Add an extension option").click()
    assert_accessible(page)
    page.get_by_label("Length of the extension, in months").fill("12")
    page.get_by_role("button", name="Add the option").click()
    page.get_by_role("button", name="Use the option to extend by 12 months").click()
    expect(page.get_by_text("The contract is extended.")).to_be_visible()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("31 March 2029")
    assert_accessible(page)

    page.get_by_role("link", name="Decide what happens when the contract ends").click()
    assert_accessible(page)
    page.get_by_label("Buy again through a new procurement").check()
    page.get_by_label("Reasons for the decision").fill("New local providers have emerged.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded.")).to_be_visible()

    page.get_by_role("link", name="Add to the learning log").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Cook with parents")
    page.get_by_label("What was learned?").fill("Parents who cook stay on as volunteers.")
    page.get_by_label("Publish this so anyone can read it").check()
    page.get_by_label("Every child eats well").check()
    page.get_by_role("button", name="Add to the learning log").click()
    expect(page.get_by_text("The learning is added to the log.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/contracts/")
    page.get_by_role("link", name="Learning log").click()
    expect(page.get_by_role("heading", name="Cook with parents")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/contracts/")
    page.get_by_role("link", name="Social value promised and delivered").click()
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/contracts/learning/public/")
    expect(page.get_by_role("heading", name="Cook with parents")).to_be_visible()
    assert_accessible(page)
