"""The supplier portal's dialogue end to end, as issue 5's quality bar describes it.

Two suppliers register and find the tender by search; one asks a clarification that is
published anonymised to both; both join a dialogue round and submit outlines; each gets
private feedback; closing the round issues specification version 2; one withdraws with a
reason; the other sees the changes since the version it last read. Every page passes axe.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.models import SectionKind
from commissioning.specifications.services import section_update
from dialogue.models import Clarification, DialogueRound
from dialogue.rounds import services as round_services
from dialogue.services import opportunity_index_sync
from procurement.models import TenderParticipant
from tests.browser.conftest import assert_accessible, sign_in
from tests.dialogue.test_rounds_services import dialogue_tender
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)
TITLE = "Shared meals for housebound residents"
QUESTION = "Riverside Growers asks: may volunteers drive the minibus?"
PUBLISHED = "May volunteers drive the minibus?"


def _register(page: Any, live_server: Any, *, name: str, kind: str) -> None:
    page.goto(f"{live_server.url}/suppliers/register/")
    assert_accessible(page)
    page.get_by_label("Organisation name").fill(name)
    page.get_by_label(kind).check()
    page.get_by_label("Number of staff").fill("6")
    page.get_by_label("Registered postcode").fill("NB1 2AA")
    page.get_by_label("What your organisation does").fill("We cook and deliver good food.")
    page.get_by_role("button", name="Register organisation").click()
    expect(page.get_by_text(f"{name} is registered")).to_be_visible()
    assert_accessible(page)


def _find_and_take_part(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/opportunities/")
    page.get_by_label("Search opportunities").fill("housebound")
    page.get_by_role("button", name="Search", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    assert_accessible(page)
    page.get_by_role("button", name="Take part in this tender").click()
    assert_accessible(page)
    page.get_by_role("button", name="Take part", exact=True).click()
    expect(page.get_by_text("is taking part in")).to_be_visible()
    assert_accessible(page)


def _submit_outline(page: Any, live_server: Any, tender: Any, text: str) -> None:
    page.goto(f"{live_server.url}/opportunities/tenders/{tender.pk}/rounds/")
    assert_accessible(page)
    page.get_by_role("link", name="Round 1: Getting to shared meals").click()
    assert_accessible(page)
    page.get_by_label("Your outline solution").fill(text)
    page.get_by_role("button", name="Submit outline").click()
    expect(page.get_by_text("Your outline has been submitted")).to_be_visible()
    assert_accessible(page)


def _write_feedback(page: Any, supplier: str, body: str) -> None:
    page.get_by_role("link", name=f"Read outline and write feedback for {supplier}").click()
    assert_accessible(page)
    page.get_by_label("Private feedback").fill(body)
    page.get_by_role("button", name="Save feedback").click()
    expect(page.get_by_text(f"Feedback to {supplier} saved.")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.go_back()
    page.reload()


def test_two_suppliers_go_through_clarification_dialogue_and_a_new_version(
    page: Any, browser: Any, live_server: Any, council: Any, commissioner: Any
) -> None:
    tender = dialogue_tender(
        council,
        status="published",
        created_by=commissioner,
        title=TITLE,
        summary="Good food and company for people who cannot easily leave home.",
        clarification_deadline=timezone.now() + 7 * DAY,
        submission_deadline=timezone.now() + 30 * DAY,
    )
    opportunity_index_sync()
    first_version = tender.specification_version.number
    supplier_a = browser.new_page()
    supplier_b = browser.new_page()

    # Two suppliers register, find the tender by search and take part.
    sign_in(supplier_a, live_server, UserFactory(full_name="Robin Grower"))
    _register(supplier_a, live_server, name="Riverside Growers", kind="Co-operative")
    _find_and_take_part(supplier_a, live_server)
    sign_in(supplier_b, live_server, UserFactory(full_name="Kit Cook"))
    _register(supplier_b, live_server, name="Canal Kitchen", kind="Social enterprise")
    _find_and_take_part(supplier_b, live_server)
    assert TenderParticipant.objects.filter(tender=tender, withdrawn_at=None).count() == 2

    # Supplier A asks a clarification; the commissioner publishes it anonymised.
    supplier_a.goto(f"{live_server.url}/opportunities/tenders/{tender.pk}/clarifications/")
    supplier_a.get_by_role("link", name="Ask a question").click()
    supplier_a.get_by_label("Your question").fill(QUESTION)
    supplier_a.get_by_role("button", name="Send question").click()
    expect(supplier_a.get_by_text("Question sent.")).to_be_visible()
    assert_accessible(supplier_a)

    sign_in(page, live_server, commissioner)
    page.goto(f"{live_server.url}/opportunities/tenders/{tender.pk}/clarifications/")
    assert_accessible(page)
    page.get_by_role("link", name="Answer").click()
    page.get_by_label("Your answer").fill("Yes, with a minibus licence and our training.")
    page.get_by_label("Question as it will be published").fill(PUBLISHED)
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Answer published as Q1.")).to_be_visible()
    assert_accessible(page)
    assert Clarification.objects.get().status == "published"

    for supplier_page in (supplier_a, supplier_b):
        supplier_page.goto(f"{live_server.url}/opportunities/tenders/{tender.pk}/clarifications/")
        expect(supplier_page.get_by_text(PUBLISHED)).to_be_visible()
        expect(supplier_page.get_by_text("Yes, with a minibus licence")).to_be_visible()
        assert_accessible(supplier_page)
    expect(supplier_b.get_by_text("Riverside Growers")).to_have_count(0)

    # The commissioner starts dialogue and opens a round for both suppliers.
    page.goto(f"{live_server.url}/opportunities/tenders/{tender.pk}/rounds/")
    page.get_by_role("button", name="Start dialogue").click()
    expect(page.get_by_text("The tender is in dialogue")).to_be_visible()
    assert_accessible(page)
    topic = round_services.open_topics_for(tender).first()
    planned = round_services.round_create(
        tender=tender,
        title="Getting to shared meals",
        agenda="How people who use wheelchairs get to shared meals.",
        topics=[topic],
        meetings_from=timezone.localdate() + 5 * DAY,
        meetings_to=timezone.localdate() + 6 * DAY,
        outline_deadline=timezone.now() + 9 * DAY,
        outline_word_limit=200,
        by=commissioner,
    )
    round_services.round_open(dialogue_round=planned, by=commissioner)

    # Both submit outlines; each gets private feedback.
    _submit_outline(supplier_a, live_server, tender, "A volunteer-driven minibus loop.")
    _submit_outline(supplier_b, live_server, tender, "Taxi vouchers booked by phone.")
    page.goto(f"{live_server.url}/opportunities/rounds/{planned.pk}/")
    assert_accessible(page)
    _write_feedback(page, "Riverside Growers", "Strong loop; say how you cover Sundays.")
    _write_feedback(page, "Canal Kitchen", "Vouchers are simple; say how people book.")

    # The commissioner changes the specification and closes the round, issuing version 2.
    requirements = tender.specification_version.specification.sections.get(
        kind=SectionKind.REQUIREMENTS
    )
    section_update(
        section=requirements,
        heading=requirements.heading,
        body="Transport to shared meals is now part of the service.",
        expected_revision=requirements.revision,
        by=commissioner,
    )
    page.get_by_role("link", name="Close round 1").click()
    assert_accessible(page)
    page.get_by_label("Summary for all remaining bidders").fill(
        "Transport decides who can come, so it is now part of the service."
    )
    page.get_by_label("Issue a new version of the specification").check()
    page.get_by_label("Change note (if you issue a new version)").fill(
        "Dialogue round 1 showed that transport decides who can come: it is now included."
    )
    page.get_by_role("button", name="Close the round").click()
    expect(
        page.get_by_text(f"Version {first_version + 1} of the specification is issued")
    ).to_be_visible()
    assert_accessible(page)
    assert DialogueRound.objects.get().status == "closed"

    # Each supplier reads its own feedback and never the other's.
    for supplier_page, own, other in (
        (supplier_a, "Strong loop", "Vouchers are simple"),
        (supplier_b, "Vouchers are simple", "Strong loop"),
    ):
        supplier_page.goto(f"{live_server.url}/opportunities/rounds/{planned.pk}/")
        expect(
            supplier_page.get_by_text(
                "Transport decides who can come, so it is now part of the service.", exact=True
            )
        ).to_be_visible()
        expect(supplier_page.get_by_text(own)).to_be_visible()
        expect(supplier_page.get_by_text(other)).to_have_count(0)
        assert_accessible(supplier_page)

    # Supplier A withdraws with a reason.
    supplier_a.goto(f"{live_server.url}/opportunities/tenders/{tender.pk}/withdraw/")
    assert_accessible(supplier_a)
    supplier_a.get_by_label("We could not meet the timescale").check()
    supplier_a.get_by_label("Tell the buyer more").fill("Our minibus is booked until spring.")
    supplier_a.get_by_role("button", name="Withdraw from this tender").click()
    expect(supplier_a.get_by_text("You withdrew on")).to_be_visible()
    assert_accessible(supplier_a)

    # Supplier B sees what changed since the version it last read.
    supplier_b.goto(f"{live_server.url}/tenders/{tender.pk}/")
    expect(
        supplier_b.get_by_text("The specification has changed since you last read it")
    ).to_be_visible()
    assert_accessible(supplier_b)
    supplier_b.get_by_role("link", name="See what changed").click()
    expect(
        supplier_b.get_by_role(
            "heading", name=f"Changes since version {first_version}, the version you last read"
        )
    ).to_be_visible()
    expect(supplier_b.get_by_text("Dialogue round 1 showed that transport").first).to_be_visible()
    expect(supplier_b.get_by_text("Transport to shared meals is now part").first).to_be_visible()
    assert_accessible(supplier_b)
    supplier_b.get_by_role("button", name="Mark as read").click()
    expect(supplier_b.get_by_role("heading", name="No changes to read")).to_be_visible()
    assert_accessible(supplier_b)

    # The buyer sees who withdrew and why.
    page.goto(f"{live_server.url}/opportunities/tenders/{tender.pk}/market-shaping/")
    expect(page.get_by_text("We could not meet the timescale").first).to_be_visible()
    expect(page.get_by_text("Our minibus is booked until spring.")).to_be_visible()
    assert_accessible(page)
