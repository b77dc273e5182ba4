"""Market engagement in real Chromium: a commissioner opens an engagement with a question
on an open-for-dialogue requirement; a supplier signs up for the event and responds; the
commissioner reads the answers by question, records a tagged insight and issues a new
specification version citing it. Every page is checked with axe."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.models import Requirement
from dialogue.models import MarketInsight
from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import (
    CommissionFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(days: int) -> str:
    moment = timezone.localtime(timezone.now() + datetime.timedelta(days=days))
    return moment.replace(hour=12, minute=0).strftime("%Y-%m-%dT%H:%M")


def test_market_feedback_shapes_a_new_specification_version(
    page: Any, live_server: Any, council: Any, commissioner: Any, supplier_user: Any
) -> None:
    commission = CommissionFactory(organisation=council, title="Community food hubs")
    section = SpecificationSectionFactory(
        specification=SpecificationFactory(commission=commission),
        kind="requirements",
        heading="Requirements",
    )
    Requirement.objects.create(
        section=section, kind="non_negotiable", text="Open five days a week.", position=1
    )
    Requirement.objects.create(
        section=section, kind="open_for_dialogue", text="How prices are set.", position=2
    )

    # The commissioner drafts and opens the engagement.
    sign_in(page, live_server, commissioner)
    page.goto(f"{live_server.url}/commissioning/commissions/{commission.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Ask the market for views").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Food hubs: tell us what would work")
    page.get_by_label("Brief").fill("We want community food hubs that residents help to run.")
    page.get_by_label("Deadline for responses").fill(_local(14))
    page.get_by_label("Event date and time (optional)").fill(_local(7))
    page.get_by_label("Where the event is (optional)").fill("Kestrel Community Centre, NB1 2AA")
    page.get_by_label("Number of places (optional)").fill("30")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_text("Draft market engagement created")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Question", exact=True).fill("How should prices be set?")
    page.get_by_label("Part of the specification it is about (optional)").select_option(
        label="Open for dialogue: How prices are set."
    )
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Open to the market").click()
    expect(page.get_by_text("The market engagement is open")).to_be_visible()
    assert_accessible(page)

    # A supplier finds it, signs up for the event and responds.
    page.context.clear_cookies()
    sign_in(page, live_server, supplier_user)
    page.goto(f"{live_server.url}/opportunities/engagements/")
    assert_accessible(page)
    page.get_by_role("link", name="Food hubs: tell us what would work").click()
    assert_accessible(page)
    page.get_by_label("Access needs (optional)").fill("Step-free access, please.")
    page.get_by_role("button", name="Sign up for the event").click()
    expect(page.get_by_text("You have a place at the event.")).to_be_visible()
    expect(page.get_by_text("1 of 30 taken")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Respond").click()
    assert_accessible(page)
    page.get_by_label("1. How should prices be set?").fill("Agree a weekly basket price with")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft has been saved")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("1. How should prices be set?").fill(
        "Agree a weekly basket price with tenants' groups each season."
    )
    page.get_by_role("button", name="Send response").click()
    expect(page.get_by_text("Your response has been sent to the buyer.")).to_be_visible()
    assert_accessible(page)

    # The commissioner reads the answers by question and records an insight.
    page.context.clear_cookies()
    sign_in(page, live_server, commissioner)
    page.goto(f"{live_server.url}/commissioning/commissions/{commission.pk}/")
    page.get_by_role("link", name="Food hubs: tell us what would work").click()
    expect(page.get_by_text("Step-free access, please.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Responses by question").click()
    expect(page.get_by_text("weekly basket price with tenants")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add an insight").click()
    assert_accessible(page)
    page.get_by_label("What did you learn?").fill("Set prices with tenants' groups each season.")
    page.get_by_label("Tags (optional)").fill("Pricing, Residents")
    page.get_by_label("Question 1, Good Food Co-op", exact=False).check()
    page.get_by_label("Part of the specification it should change (optional)").select_option(
        label="Open for dialogue: How prices are set."
    )
    page.get_by_role("button", name="Add insight").click()
    expect(page.get_by_text("Insight added.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="pricing").click()
    expect(page.get_by_text("Insights tagged “pricing”")).to_be_visible()
    assert_accessible(page)
    assert MarketInsight.objects.get().tags == ["pricing", "residents"]

    # A new specification version cites the insight.
    page.get_by_label("Set prices with tenants' groups each season.").check()
    page.get_by_label("Change note").fill("Prices are now agreed with residents.")
    page.get_by_role("button", name="Issue new version").click()
    expect(page.get_by_text("Version 1 issued, citing the market feedback.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Market feedback this version acted on")
    ).to_be_visible()
    expect(page.get_by_text("Market feedback:")).to_be_visible()
    assert_accessible(page)
