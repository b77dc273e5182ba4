"""A commissioner appraises the options for a commission and chooses a contract.

They start the appraisal, add two weighted criteria and two options, score both, choose
the contract with a reason, and start the specification. Every page is checked with axe.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from commissioning.models import Commission, CommissionStatus
from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import CommissionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_criterion(page: Any, name: str, weight: str) -> None:
    page.get_by_label("Criterion", exact=True).fill(name)
    page.get_by_label("Weight", exact=True).fill(weight)
    page.get_by_role("button", name="Add criterion").click()
    expect(page.get_by_text(f"Criterion “{name}” added.")).to_be_visible()


def _add_option(page: Any, kind: str, title: str, benefits: str) -> None:
    page.get_by_role("button", name="Add an option").click()
    expect(page.get_by_role("heading", level=1, name="Add an option")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(kind).check()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Benefits (optional)").fill(benefits)
    page.get_by_role("button", name="Add option").click()
    expect(page.get_by_text(f"Option “{title}” added.")).to_be_visible()


def _score(page: Any, option: str, scores: dict[str, str]) -> None:
    for criterion, score in scores.items():
        page.get_by_label(f"Score for {option} on {criterion}").select_option(score)
        page.get_by_label(f"Note on {option} for {criterion}").fill(f"Scored {score} in the panel.")
    page.get_by_role("button", name=f"Save scores for {option}").click()
    expect(page.get_by_text(f"Scores for “{option}” saved.")).to_be_visible()


def test_a_commissioner_appraises_the_options_and_chooses_a_contract(
    page: Any, live_server: Any, council: Any, commissioner: Any
) -> None:
    commission = CommissionFactory(
        organisation=council, owner=commissioner, title="Community food hubs"
    )
    sign_in(page, live_server, commissioner)

    page.goto(f"{live_server.url}/commissioning/commissions/{commission.pk}/appraisal/")
    expect(page.get_by_role("heading", level=1, name="Options appraisal")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start the options appraisal").click()
    expect(page.get_by_text("Options appraisal started.")).to_be_visible()
    assert_accessible(page)

    # A mistake first: the weight is out of range, and the name typed is kept.
    page.get_by_label("Criterion", exact=True).fill("Residents shape it")
    page.get_by_label("Weight", exact=True).fill("150")
    page.get_by_role("button", name="Add criterion").click()
    expect(page.get_by_role("link", name="The weight must be 100 or less.")).to_be_visible()
    expect(page.get_by_label("Criterion", exact=True)).to_have_value("Residents shape it")
    assert_accessible(page)
    page.get_by_label("Weight", exact=True).fill("60")
    page.get_by_role("button", name="Add criterion").click()
    expect(page.get_by_text("Criterion “Residents shape it” added.")).to_be_visible()
    _add_criterion(page, "Value for money", "40")
    assert_accessible(page)

    _add_option(page, "Deliver it in-house", "Run the hubs ourselves", "We control quality.")
    _add_option(
        page, "Award a contract", "Contract a community provider", "Local knowledge and trust."
    )
    assert_accessible(page)

    _score(page, "Run the hubs ourselves", {"Residents shape it": "2", "Value for money": "4"})
    _score(
        page, "Contract a community provider", {"Residents shape it": "5", "Value for money": "3"}
    )
    results = page.get_by_role("table", name="Options ranked by weighted score, highest first")
    first_row = results.get_by_role("row").nth(1)
    expect(first_row).to_contain_text("Contract a community provider")
    expect(first_row).to_contain_text("4.2")
    assert_accessible(page)

    page.get_by_role("button", name="Choose the route").click()
    expect(page.get_by_role("heading", level=1, name="Choose the route")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Contract a community provider", exact=False).check()
    page.get_by_role("button", name="Confirm the decision").click()
    expect(page.get_by_role("link", name="Explain why you chose this option.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Contract a community provider", exact=False).check()
    page.get_by_label("Why is this the right route?").fill(
        "Residents want a local provider they know, and the market can deliver it."
    )
    page.get_by_role("button", name="Confirm the decision").click()

    expect(page.get_by_role("heading", level=1, name="Route decided")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start the specification").click()
    expect(page.get_by_text("Specification started.")).to_be_visible()
    assert_accessible(page)

    # Back on the appraisal: the decision, its history and a read-only grid of scores.
    page.goto(f"{live_server.url}/commissioning/commissions/{commission.pk}/appraisal/")
    expect(page.get_by_role("heading", name="Decision history")).to_be_visible()
    grid = page.get_by_role("table", name="score out of 5 against each criterion", exact=False)
    expect(grid.get_by_role("row").nth(1)).to_contain_text("Scored 5 in the panel.")
    assert_accessible(page)

    commission = Commission.objects.get(pk=commission.pk)
    assert commission.status == CommissionStatus.ROUTE_DECIDED
    assert commission.chosen_option.title == "Contract a community provider"
    assert hasattr(commission, "specification")
