"""Journey: a two-lot tender won by different suppliers becomes two contracts.

The competition up to moderation is set up through the services (tests/procurement cover
it); through the pages the commissioner then decides each lot, publishes its contract
award notice (which starts its standstill), awards it, and opens both contracts. Every page is checked with axe.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from contracts.models import Contract
from procurement.models import Lot
from tests.browser.conftest import assert_accessible, sign_in
from tests.procurement.conftest import (  # noqa: F401
    closed_tender,
    evaluating,
    lotted,
    two_lot_open_tender,
)
from tests.procurement.test_lot_award import _moderate_equally

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def no_feedback_letters_queued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Standstill queues the feedback letters; they are not what this journey is about."""
    from procurement import tasks

    queued: list[int] = []
    monkeypatch.setattr(
        tasks.issue_feedback_letters, "apply_async", lambda args, **_: queued.append(args[0])
    )
    return queued


def _lot_page(page: Any, live_server: Any, tender: Any, title: str) -> None:
    page.goto(f"{live_server.url}{reverse('procurement:evaluation', args=[tender.pk])}")
    page.get_by_role("link", name=re.compile(rf"^{title}\W+ranking and award")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)


def test_two_lots_won_by_different_suppliers_become_two_contracts(
    page: Any,
    live_server: Any,
    lotted: Any,  # noqa: F811
    commissioner: Any,
    evaluator: Any,
    supplier_org: Any,
    other_supplier_org: Any,
    no_feedback_letters_queued: list[int],
) -> None:
    _moderate_equally(lotted, commissioner, evaluator)
    sign_in(page, live_server, commissioner)
    page.goto(f"{live_server.url}{reverse('procurement:evaluation', args=[lotted.pk])}")
    assert_accessible(page)

    # North goes to the cheaper bid for North, South to the cheaper bid for South.
    for title, winner in [("North", other_supplier_org), ("South", supplier_org)]:
        _lot_page(page, live_server, lotted, title)
        expect(
            page.get_by_text(f"The highest-ranked bid for this lot is from {winner.name}")
        ).to_be_visible()
        page.get_by_label("Reasons for the award decision").fill(
            f"The best value for {title} at equal quality."
        )
        page.get_by_role("button", name=f"Record award decision for {title}").click()
        expect(page.get_by_text(f"Award decision for {title} recorded.")).to_be_visible()
        assert_accessible(page)

    for title in ["North", "South"]:
        _lot_page(page, live_server, lotted, title)
        page.get_by_role("link", name=f"Publish the contract award notice for {title}").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)
        assert_accessible(page)
        page.get_by_role("button", name="Publish notice and start standstill").click()
        expect(page.get_by_text("Contract award notice published.")).to_be_visible()
    assert len(no_feedback_letters_queued) == 2

    # Time passes: both standstill periods have ended.
    Lot.objects.filter(tender=lotted).update(
        standstill_ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    for title, winner in [("North", other_supplier_org), ("South", supplier_org)]:
        _lot_page(page, live_server, lotted, title)
        for label, (day, month, year) in [
            ("Contract start date", ("1", "1", "2027")),
            ("Contract end date", ("31", "12", "2028")),
        ]:
            dates = page.get_by_role("group", name=label)
            dates.get_by_label("Day").fill(day)
            dates.get_by_label("Month").fill(month)
            dates.get_by_label("Year").fill(year)
        page.get_by_role("button", name=f"Award contract for {title}").click()
        expect(page.get_by_text(f"{title} awarded.")).to_be_visible()
        page.get_by_role("link", name=f"{lotted.title}: {title}").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)
        expect(page.get_by_text(winner.name).first).to_be_visible()
        assert_accessible(page)

    contracts = Contract.objects.filter(tender=lotted)
    assert {contract.provider_id for contract in contracts} == {
        supplier_org.pk,
        other_supplier_org.pk,
    }
    lotted.refresh_from_db()
    assert lotted.status == "awarded"


def test_a_lot_gets_weights_of_its_own_before_publication(
    page: Any,
    live_server: Any,
    two_lot_open_tender: Any,  # noqa: F811
    commissioner: Any,
) -> None:
    tender = two_lot_open_tender
    sign_in(page, live_server, commissioner)
    page.goto(f"{live_server.url}{reverse('procurement:tender_detail', args=[tender.pk])}")
    page.get_by_role("link", name="Criteria and weights for North").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North: criteria and weights")
    assert_accessible(page)
    page.get_by_label("With weights of its own").check()
    page.get_by_role("button", name="Save choice").click()
    expect(page.get_by_text("North now has its own weights.")).to_be_visible()

    # A weight over 100% is refused beside its box, with the error summary.
    page.get_by_label("Weight of Price in percent").fill("120")
    page.get_by_role("button", name="Save weight of Price").click()
    expect(page.get_by_role("alert").get_by_text("The weight must be 100% or less")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Weight of Price in percent").fill("40")
    page.get_by_role("button", name="Save weight of Price").click()
    expect(page.get_by_text("add up to 120%, not 100%")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Weight of Quality in percent").fill("40")
    page.get_by_role("button", name="Save weight of Quality").click()
    expect(page.get_by_text("The weights add up.")).to_be_visible()

    page.goto(f"{live_server.url}{reverse('procurement:tender_detail', args=[tender.pk])}")
    expect(
        page.get_by_text("Judged on quality 40%, social value 20%, price 40% (this lot\u2019s own")
    ).to_be_visible()
