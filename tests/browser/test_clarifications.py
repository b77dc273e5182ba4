"""A supplier asks a clarification question; the commissioner publishes it anonymised; another
participant reads it in the log without the asker's name and has been notified. Every page
is checked with axe."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dialogue.models import Clarification
from procurement.services import participant_join
from tests.browser.conftest import assert_accessible, sign_in
from tests.procurement.factories import PublishedTenderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ASKED = "Good Food Co-op would like to know: can volunteers count towards staffing?"
PUBLISHED = "Can volunteers count towards staffing?"


def test_a_question_is_published_anonymised_to_every_participant(
    page: Any,
    browser: Any,
    live_server: Any,
    commissioner: Any,
    supplier_org: Any,
    supplier_user: Any,
    other_supplier_org: Any,
    other_supplier_user: Any,
) -> None:
    tender = PublishedTenderFactory(
        organisation=commissioner.memberships.get().organisation,
        created_by=commissioner,
        title="Community food hubs",
        clarification_deadline=timezone.now() + datetime.timedelta(days=7),
        submission_deadline=timezone.now() + datetime.timedelta(days=14),
    )
    participant_join(tender=tender, supplier=other_supplier_org, by=other_supplier_user)
    log_url = f"{live_server.url}/opportunities/tenders/{tender.pk}/clarifications/"

    # Supplier A asks.
    sign_in(page, live_server, supplier_user)
    page.goto(log_url)
    expect(page.get_by_role("heading", name="Clarification questions")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ask a question").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your question").fill(ASKED)
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_text("Question sent.")).to_be_visible()
    expect(page.get_by_text("Awaiting answer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=ASKED).click()
    assert_accessible(page)

    # The commissioner rewords it and publishes it.
    page.context.clear_cookies()
    sign_in(page, live_server, commissioner)
    page.goto(log_url)
    expect(page.get_by_role("cell", name="Good Food Co-op Sam Supplier")).to_be_visible()
    assert_accessible(page)
    # Without JavaScript both follow-up questions are shown, so either choice works.
    no_script = browser.new_context(java_script_enabled=False)
    plain = no_script.new_page()
    sign_in(plain, live_server, commissioner)
    plain.goto(
        f"{live_server.url}/opportunities/clarifications/{Clarification.objects.get().pk}/answer/"
    )
    expect(plain.get_by_label("Question as it will be published")).to_be_visible()
    expect(plain.get_by_label("Why are you answering privately?")).to_be_visible()
    no_script.close()
    page.get_by_role("link", name="Answer").click()
    expect(page.get_by_label("Publish to all participants (anonymised)")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Answer privately").check()
    page.get_by_label("Your answer").fill("Yes, up to a third of staff at any session.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Give the reason for answering privately")).to_have_count(2)
    assert_accessible(page)
    expect(page.get_by_label("Your answer")).to_have_value(
        "Yes, up to a third of staff at any session."
    )
    page.get_by_label("Publish to all participants (anonymised)").check()
    page.get_by_label("Question as it will be published").fill(PUBLISHED)
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Answer published as Q1.")).to_be_visible()
    assert_accessible(page)
    clarification = Clarification.objects.get()
    assert clarification.status == "published"
    assert clarification.published_question == PUBLISHED

    # Supplier B reads it in the log, without A's name, and has been notified.
    page.context.clear_cookies()
    sign_in(page, live_server, other_supplier_user)
    page.goto(log_url)
    expect(page.get_by_role("heading", name="Q1")).to_be_visible()
    expect(page.get_by_text(PUBLISHED)).to_be_visible()
    expect(page.get_by_text("Good Food Co-op")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{live_server.url}/notifications/")
    expect(
        page.get_by_role("link", name="New clarification published for Community food hubs")
    ).to_be_visible()
    expect(page.get_by_text("Good Food Co-op")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="New clarification published for Community food hubs").click()
    expect(page.get_by_text(PUBLISHED)).to_be_visible()
