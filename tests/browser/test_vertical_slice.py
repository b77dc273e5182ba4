"""The walking skeleton end to end: from a mission to a check-in, through every app.

A commissioner frames the work and issues a specification, runs a tender from it and
downloads the tender pack (rendered by a real Celery worker); a supplier finds the
opportunity and bids; a contract manager registers the contract and records a check-in;
the deadline reminder job runs twice and notifies once. Every page is checked with axe.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Notification
from procurement.services import deadline_reminders_send
from tests.browser.conftest import assert_accessible, sign_in
from tests.dates import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }


def _frame_the_work_and_issue_v1(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/commissioning/missions/new/")
    page.get_by_label("Title").fill("Everyone eats well")
    page.get_by_label("Mission statement").fill("By 2030, everyone eats well every day.")
    page.get_by_role("button", name="Create mission").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a need for this mission").click()
    page.get_by_label("Title").fill("Fresh food near home")
    page.get_by_label("Description").fill("Families cannot buy fresh food within walking distance.")
    page.get_by_role("button", name="Record need").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start a commission for this need").click()
    page.get_by_label("Title").fill("Community food hubs")
    page.get_by_label("Summary").fill("Food hubs on two estates, run with residents.")
    page.get_by_role("button", name="Start commission").click()
    expect(page.get_by_role("heading", level=1, name="Community food hubs")).to_be_visible()
    page.get_by_role("button", name="Start the specification").click()
    background = page.locator("section", has=page.locator("h2", has_text="Background"))
    background.get_by_label("Text").fill("Residents tell us fresh food is hard to find.")
    background.get_by_role("button", name="Save Background").click()
    expect(background.get_by_text("Saved at")).to_be_visible()
    page.get_by_label("Change note").fill("First version for the market.")
    page.get_by_role("button", name="Issue version 1").click()
    expect(page.get_by_text("Version 1 issued.")).to_be_visible()
    assert_accessible(page)


def test_the_commissioning_cycle_runs_end_to_end(
    page: Any,
    browser: Any,
    live_server: Any,
    celery_worker: Any,
    council: Any,
    commissioner: Any,
    contract_manager: Any,
    supplier_org: Any,
    supplier_user: Any,
) -> None:
    sign_in(page, live_server, commissioner)
    _frame_the_work_and_issue_v1(page, live_server)

    # A tender from the issued specification, closing in two days.
    page.get_by_role("link", name="Community food hubs").first.click()
    page.get_by_role("button", name="Create a tender").click()
    assert_accessible(page)
    deadline = timezone.localtime() + datetime.timedelta(days=2)
    page.get_by_label("Title").fill("Community food hubs")
    page.get_by_label("Summary").fill("Run two community food hubs with residents.")
    fill_date(page, "Bid deadline", deadline)
    page.get_by_role("button", name="Create draft tender").click()
    page.get_by_label("Question", exact=True).fill("How will residents share in running the hubs?")
    page.get_by_label("Word limit").fill("100")
    page.get_by_role("button", name="Add question").click()
    page.get_by_role("button", name="Publish tender").click()
    expect(page.get_by_text("Tender published.")).to_be_visible()
    assert_accessible(page)
    tender_url = page.url

    # The tender pack PDF is rendered by the worker while the page shows progress.
    page.get_by_role("button", name="Download tender pack (PDF)").click()
    assert_accessible(page)
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        download_link.click()
    assert download_info.value.suggested_filename.endswith(".pdf")

    # A supplier finds the opportunity without being told where it is, and bids.
    supplier_context = browser.new_context()
    supplier = supplier_context.new_page()
    sign_in(supplier, live_server, supplier_user)
    supplier.goto(live_server.url + reverse("dialogue:opportunity_list"))
    supplier.get_by_role("link", name="Community food hubs").click()
    assert_accessible(supplier)
    supplier.get_by_role("button", name="Start your bid").click()
    supplier.get_by_label("1. How will residents share in running the hubs?").fill(
        "A residents' group meets monthly and chooses what the hubs stock."
    )
    supplier.get_by_role("button", name="Submit bid").click()
    expect(supplier.get_by_text("Your bid has been submitted.")).to_be_visible()
    assert_accessible(supplier)

    # The buyer sees the count, never the content, before the deadline.
    page.goto(tender_url)
    expect(page.get_by_text("1 bid submitted")).to_be_visible()
    assert "chooses what the hubs stock" not in page.content()

    # The deadline reminder job runs twice; each person is reminded once.
    deadline_reminders_send(now=timezone.now())
    deadline_reminders_send(now=timezone.now())
    assert (
        Notification.objects.filter(
            recipient=commissioner, key__startswith="tender-deadline"
        ).count()
        == 1
    )
    page.goto(f"{live_server.url}/notifications/")
    assert_accessible(page)
    expect(page.get_by_text("Community food hubs").first).to_be_visible()

    # The contract manager registers the contract and records a check-in.
    manager_context = browser.new_context()
    manager = manager_context.new_page()
    sign_in(manager, live_server, contract_manager)
    manager.goto(f"{live_server.url}/contracts/new/")
    manager.get_by_label("Title").fill("Community food hubs")
    manager.get_by_label("Contract from a tender").check()
    manager.get_by_label("Provider organisation").select_option(value=str(supplier_org.pk))
    manager.get_by_label("Total value in pounds").fill("£210,000")
    fill_date(manager, "Start date", datetime.date(2027, 4, 1))
    fill_date(manager, "End date", datetime.date(2029, 3, 31))
    manager.get_by_role("button", name="Add to the register").click()
    expect(manager.get_by_role("heading", level=1, name="Community food hubs")).to_be_visible()
    assert_accessible(manager)
    today = timezone.localdate()
    fill_date(manager, "Date of the check-in", today)
    manager.get_by_label("What happened for the people using the service?").fill(
        "The first hub opened and forty families came in the first week."
    )
    manager.get_by_role("button", name="Record check-in").click()
    expect(manager.get_by_text("Your check-in is recorded.")).to_be_visible()
    assert_accessible(manager)

    # The supplier sees its new contract on its own register.
    supplier.goto(f"{live_server.url}/contracts/")
    expect(supplier.get_by_role("link", name="Community food hubs")).to_be_visible()
    assert_accessible(supplier)
    manager_context.close()
    supplier_context.close()
