"""A round of dialogue in real Chromium: the buyer starts dialogue, plans and opens a round
on a requirement open for dialogue, a bidder books a meeting and submits an outline, the
buyer writes private feedback and closes the round issuing version 2, and the bidder
reads the summary and its own feedback. Every page is checked with axe."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dialogue.models import DialogueRound
from procurement.models import Tender
from tests.browser.conftest import assert_accessible, sign_in
from tests.dialogue.test_rounds_services import dialogue_tender

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)


def test_a_round_of_dialogue_issues_version_2_and_the_bidder_reads_its_feedback(
    page: Any,
    browser: Any,
    live_server: Any,
    council: Any,
    commissioner: Any,
    supplier_org: Any,
    supplier_user: Any,
) -> None:
    tender = dialogue_tender(council, supplier_org, status="published", created_by=commissioner)
    first_version = tender.specification_version.number
    today = timezone.localdate()
    meeting_day = today + 5 * DAY

    # The buyer starts dialogue and plans a round on one open requirement.
    sign_in(page, live_server, commissioner)
    page.goto(f"{live_server.url}/opportunities/tenders/{tender.pk}/rounds/")
    assert_accessible(page)
    page.get_by_role("button", name="Start dialogue").click()
    expect(page.get_by_text("The tender is in dialogue")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Plan a new round").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Transport to shared meals")
    page.get_by_label("Agenda").fill("How people who use wheelchairs get to shared meals.")
    page.get_by_label("How transport works for people who use wheelchairs.").check()
    page.get_by_label("First day of meetings").fill(meeting_day.strftime("%d/%m/%Y"))
    page.get_by_label("Last day of meetings").fill((today + 6 * DAY).strftime("%d/%m/%Y"))
    page.get_by_label("Deadline for outline solutions").fill(
        (timezone.localtime() + 9 * DAY).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Word limit for outline solutions").fill("300")
    page.get_by_role("button", name="Plan round").click()
    expect(page.get_by_text("Round 1 is planned")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Start").fill(f"{meeting_day:%Y-%m-%d}T10:00")
    page.get_by_label("End").fill(f"{meeting_day:%Y-%m-%d}T11:00")
    page.get_by_label("Place or online link").fill("Room 2, Northbridge Town Hall")
    page.get_by_role("button", name="Add slot").click()
    expect(page.get_by_text("Meeting slot added.")).to_be_visible()
    page.get_by_role("button", name="Open round to bidders").click()
    expect(page.get_by_text("The round is open")).to_be_visible()
    assert_accessible(page)
    dialogue_round = DialogueRound.objects.get(tender=tender)

    # The bidder books the meeting and submits an outline.
    bidder = browser.new_page()
    sign_in(bidder, live_server, supplier_user)
    bidder.goto(f"{live_server.url}/opportunities/tenders/{tender.pk}/rounds/")
    assert_accessible(bidder)
    bidder.get_by_role("link", name="Round 1: Transport to shared meals").click()
    expect(
        bidder.get_by_text("How transport works for people who use wheelchairs.")
    ).to_be_visible()
    assert_accessible(bidder)
    bidder.get_by_label("Room 2, Northbridge Town Hall").check()
    bidder.get_by_role("button", name="Book meeting").click()
    expect(bidder.get_by_text("Your meeting is booked")).to_be_visible()
    assert_accessible(bidder)
    bidder.get_by_label("Your outline solution").fill(
        "An accessible minibus on a fixed loop, booked by phone the day before."
    )
    bidder.get_by_role("button", name="Submit outline").click()
    expect(bidder.get_by_text("Your outline has been submitted")).to_be_visible()
    assert_accessible(bidder)

    # The buyer reads it, writes private feedback and closes the round issuing version 2.
    page.reload()
    page.get_by_role(
        "link", name=f"Read outline and write feedback for {supplier_org.name}"
    ).click()
    expect(page.get_by_text("An accessible minibus on a fixed loop")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Private feedback").fill("The loop works; tell us how you cover Sundays.")
    page.get_by_role("button", name="Save feedback").click()
    expect(page.get_by_text(f"Feedback to {supplier_org.name} saved.")).to_be_visible()
    page.get_by_role("link", name="Close round 1").click()
    assert_accessible(page)
    page.get_by_label("Summary for all remaining bidders").fill(
        "Transport is now part of the service."
    )
    page.get_by_label("Issue a new version of the specification").check()
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Change note (if you issue a new version)").fill(
        "In round 1 bidders showed that transport decides who can come, so it is included."
    )
    page.get_by_role("button", name="Close the round").click()
    expect(
        page.get_by_text(f"Version {first_version + 1} of the specification is issued")
    ).to_be_visible()
    assert_accessible(page)
    tender = Tender.objects.get(pk=tender.pk)
    dialogue_round.refresh_from_db()
    assert tender.specification_version == dialogue_round.issued_version

    # The bidder reads the summary and its own feedback.
    bidder.reload()
    expect(bidder.get_by_text("Transport is now part of the service.")).to_be_visible()
    expect(bidder.get_by_text("The loop works; tell us how you cover Sundays.")).to_be_visible()
    assert_accessible(bidder)
