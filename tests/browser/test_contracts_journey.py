"""Journey: a manual contract, check-ins written by both sides, social value verified, a PDF.

The contract manager adds a grant agreement, schedules a check-in and promises social
value; the provider and the manager each write their side; an action agreed at the first
check-in is carried into the next; the provider submits a social value return and the
manager verifies it; the chart shows promised against delivered; the performance PDF is
made by a real worker and downloaded. Every page is checked with axe.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.social_value.factories import MeasureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }


def _date(day: datetime.date) -> str:
    return f"{day.day} {day.month} {day.year}"


def test_both_sides_check_in_and_social_value_is_verified(
    page: Any,
    browser: Any,
    live_server: Any,
    celery_worker: Any,
    council: Any,
    contract_manager: Any,
    supplier_org: Any,
    supplier_user: Any,
) -> None:
    MeasureFactory(name="Young people into work", unit="people", code="young-people-into-work")
    today = timezone.localdate()
    manager = page
    sign_in(manager, live_server, contract_manager)

    # A grant agreement entered directly.
    manager.goto(f"{live_server.url}/contracts/new/")
    manager.get_by_label("Title").fill("Mentoring into work")
    manager.get_by_label("Grant agreement").check()
    manager.get_by_label("Provider organisation").select_option(value=str(supplier_org.pk))
    manager.get_by_label("Total value in pounds").fill("90000")
    manager.get_by_label("Start date").fill(_date(today - datetime.timedelta(days=120)))
    manager.get_by_label("End date").fill(_date(today + datetime.timedelta(days=600)))
    manager.get_by_label("Contract manager").select_option(label=str(contract_manager))
    manager.get_by_role("button", name="Add to the register").click()
    expect(manager.get_by_role("heading", level=1, name="Mentoring into work")).to_be_visible()
    contract_url = manager.url
    assert_accessible(manager)

    # Schedule a check-in for today.
    manager.get_by_role("link", name="Schedule check-ins").click()
    expect(manager.get_by_role("heading", name="Schedule check-ins")).to_be_visible()
    assert_accessible(manager)
    manager.get_by_label("Date of the first check-in").fill(_date(today))
    manager.get_by_label("Just this one").check()
    manager.get_by_role("button", name="Schedule check-ins").click()
    expect(manager.get_by_text("The check-ins are in the diary.")).to_be_visible()

    # Promise social value and ask for a return.
    manager.get_by_role("link", name="Social value commitments and returns").click()
    assert_accessible(manager)
    manager.get_by_label("Measure").select_option(label="Young people into work (people)")
    manager.get_by_label("Amount promised").fill("10")
    manager.get_by_label("Over what period?").fill("each year")
    manager.get_by_role("button", name="Add the commitment").click()
    expect(manager.get_by_text("The commitment is added.")).to_be_visible()
    manager.get_by_label("Period the return covers").fill("First quarter")
    manager.get_by_label("Date the return is due").fill(_date(today + datetime.timedelta(days=14)))
    manager.get_by_role("button", name="Ask for returns").click()
    expect(manager.get_by_text("1 return requested from the provider.")).to_be_visible()
    assert_accessible(manager)

    # The manager writes the buyer's side of the check-in, with ratings.
    manager.goto(contract_url)
    manager.get_by_role("link", name=f"Open the check-in on {today:%-d %B %Y}").click()
    expect(
        manager.get_by_role("heading", level=1, name=f"Check-in on {today:%-d %B %Y}")
    ).to_be_visible()
    assert_accessible(manager)
    manager.get_by_label("What happened for the people using the service?").fill(
        "Twelve young people met their mentors every week."
    )
    manager.locator("#id_buyer-trust_score_1").check()
    manager.get_by_role("button", name="Submit buyer's side").click()
    expect(manager.get_by_text("Your part of the check-in is submitted.")).to_be_visible()
    expect(manager.get_by_text("Waiting for: Provider side.")).to_be_visible()
    manager.get_by_label("What will be done?").fill("Find a second venue for sessions")
    manager.get_by_label("Who will do it?").fill("Young Futures coordinator")
    manager.get_by_role("button", name="Add the action").click()
    expect(manager.get_by_text("The action is added.")).to_be_visible()
    assert_accessible(manager)

    # The provider writes its side in its own session; the buyer's part is hidden until then.
    supplier_context = browser.new_context()
    supplier = supplier_context.new_page()
    sign_in(supplier, live_server, supplier_user)
    supplier.goto(f"{live_server.url}/contracts/")
    supplier.get_by_role("link", name="Mentoring into work").click()
    assert_accessible(supplier)
    supplier.get_by_role("link", name=f"Open the check-in on {today:%-d %B %Y}").click()
    expect(supplier.get_by_text("Twelve young people met their mentors")).to_have_count(0)
    assert_accessible(supplier)
    supplier.get_by_label("What happened for the people using the service?").fill(
        "Two mentees started apprenticeships."
    )
    supplier.locator("#id_provider-trust_score_0").check()
    supplier.get_by_role("button", name="Submit provider's side").click()
    expect(supplier.get_by_text("Your part of the check-in is submitted.")).to_be_visible()
    expect(supplier.get_by_text("Twelve young people met their mentors")).to_be_visible()
    assert_accessible(supplier)

    # The provider submits its social value return.
    supplier.goto(contract_url)
    supplier.get_by_role("link", name="Social value commitments and returns").click()
    supplier.get_by_role("link", name="First quarter").click()
    assert_accessible(supplier)
    supplier.get_by_label("Amount delivered in this period").fill("4")
    supplier.get_by_label("Evidence", exact=True).fill("Start letters from four employers.")
    supplier.get_by_label("Upload evidence (optional)").set_input_files(
        files=[
            {
                "name": "start-letters.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 letters",
            }
        ]
    )
    supplier.get_by_role("button", name="Submit the return").click()
    expect(supplier.get_by_text("Your return is submitted.")).to_be_visible()
    supplier_context.close()

    # The manager schedules the next check-in: the open action is carried into it.
    manager.goto(contract_url)
    expect(manager.locator("#open-actions ~ table").first).to_contain_text(
        "Find a second venue for sessions"
    )
    manager.get_by_role("link", name="Schedule check-ins").click()
    manager.get_by_label("Date of the first check-in").fill(
        _date(today + datetime.timedelta(days=90))
    )
    manager.get_by_label("Just this one").check()
    manager.get_by_role("button", name="Schedule check-ins").click()
    later = today + datetime.timedelta(days=90)
    manager.get_by_role("link", name=f"Open the check-in on {later:%-d %B %Y}").click()
    expect(manager.locator("#carried-forward + ul")).to_contain_text(
        "Find a second venue for sessions"
    )
    assert_accessible(manager)

    # The manager verifies the return, and the chart shows promised against delivered.
    manager.goto(contract_url)
    manager.get_by_role("link", name="Social value commitments and returns").click()
    manager.get_by_role("link", name="First quarter").click()
    expect(manager.get_by_role("link", name="Download start-letters.pdf")).to_be_visible()
    manager.get_by_role("button", name="Verify the return").click()
    expect(manager.get_by_text("The return is verified.")).to_be_visible()
    expect(manager.locator("svg[role=img] title")).to_have_text(
        "Social value promised and delivered"
    )
    expect(manager.locator("svg[role=img]")).to_contain_text("4 of 10 people (40%)")
    assert_accessible(manager)

    # The relationship chart and the performance PDF, made by a real worker.
    manager.goto(contract_url)
    expect(manager.locator("#health-chart-title")).to_have_count(1)
    assert_accessible(manager)
    manager.get_by_role("button", name="Download the contract performance report (PDF)").click()
    download_link = manager.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    assert_accessible(manager)
    with manager.expect_download() as download_info:
        download_link.click()
    assert download_info.value.suggested_filename.endswith(".pdf")
