"""Journey: the mission thread in a real browser. A tender for a commission serving a
mission (with an indicator) is awarded; the contract shows on the mission page and the
place page with its spend; a KPI of the contract is mapped to the indicator and given
readings; the mission page shows the indicator on track; the mission progress PDF, made
by a real Celery worker, is downloaded and read back. Every page is checked with axe.

The tender with its bids opened and the award decided is made through services (as in
tests/home/test_mission_thread.py): the browser adds nothing to those steps.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from procurement.models import Tender, TenderStatus
from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import (
    IndicatorFactory,
    MissionFactory,
    NeedFactory,
    OutcomeFactory,
    PlaceFactory,
)
from tests.dates import fill_date
from tests.procurement.conftest import closed_tender  # noqa: F401  (the fixture)

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


def _squashed(text: str) -> str:
    # PDF text extraction may split a word at a kerning pair: compare without spaces.
    return "".join(text.split())


def test_an_award_feeds_the_mission_page_the_place_page_and_the_progress_pdf(
    page: Any,
    live_server: Any,
    celery_worker: Any,
    closed_tender: Any,  # noqa: F811  (the fixture imported above)
    commissioner: Any,
) -> None:
    council = closed_tender.organisation
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    town = PlaceFactory(organisation=council, name="Northbridge", kind="authority")
    ward = PlaceFactory(organisation=council, name="Riverside ward", parent=town)
    outcome = OutcomeFactory(mission=mission, title="Fewer families go hungry")
    IndicatorFactory(
        outcome=outcome,
        name="Families using food banks",
        unit="families a month",
        direction="decrease",
        baseline_value=400,
        baseline_date=datetime.date(2026, 4, 1),
        target_value=200,
        target_date=datetime.date(2029, 4, 1),
    )
    need = NeedFactory(organisation=council, title="Families cannot afford fresh food")
    need.missions.set([mission])
    need.places.set([ward])
    commission = closed_tender.commission
    commission.needs.set([need])
    commission.missions.set([mission])
    commission.places.set([ward])
    commission.outcomes.set([outcome])
    winning_bid = closed_tender.bids.order_by("pk").first()
    Tender.objects.filter(pk=closed_tender.pk).update(
        status=TenderStatus.READY_TO_AWARD,
        winning_bid=winning_bid,
        standstill_ends_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    contract_value = "£1,000"  # the winning bid's price
    sign_in(page, live_server, commissioner)

    # Award the contract on the evaluation page, once standstill has ended.
    page.goto(live_server.url + reverse("procurement:evaluation", args=[closed_tender.pk]))
    fill_date(page, "Contract start date", datetime.date(2026, 4, 1))
    fill_date(page, "Contract end date", datetime.date(2029, 3, 31))
    page.get_by_role("button", name="Award contract").click()
    expect(
        page.get_by_text("Contract awarded. It is now in the contract register.")
    ).to_be_visible()
    assert_accessible(page)

    # The mission page shows the contract and its spend in its financial year.
    mission_url = live_server.url + reverse("commissioning:mission_detail", args=[mission.pk])
    page.goto(mission_url)
    contract_link = page.get_by_role("link", name=closed_tender.title).first
    expect(contract_link).to_be_visible()
    expect(page.get_by_text("April 2026 to March 2027").first).to_be_visible()
    expect(page.get_by_text(contract_value).first).to_be_visible()
    assert_accessible(page)

    # The place page for the town covers the ward the contract serves, with its spend.
    page.goto(live_server.url + reverse("commissioning:place_detail", args=[town.pk]))
    expect(page.get_by_role("link", name=closed_tender.title)).to_be_visible()
    expect(page.get_by_role("link", name="Families cannot afford fresh food")).to_be_visible()
    spend_row = page.locator("#places-by-mission + table").get_by_role("row", name="Riverside ward")
    expect(spend_row).to_contain_text(contract_value)
    assert_accessible(page)

    # On the contract: add a KPI, map it to the mission's indicator, enter readings.
    page.get_by_role("link", name=closed_tender.title).click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a KPI").click()
    page.get_by_label("Name").fill("Families using food banks")
    page.get_by_label("How it is measured").fill("Families referred each month")
    page.get_by_label("Target").fill("200 by April 2029")
    page.get_by_label("Monthly").check()
    page.get_by_role("button", name="Add the KPI").click()
    page.get_by_role("link", name="Choose the indicator Families using food banks feeds").click()
    assert_accessible(page)
    page.get_by_label("Mission indicator this KPI feeds").select_option(
        label="Everyone eats well: Families using food banks (families a month)"
    )
    page.get_by_role("button", name="Save").click()
    for period, value in (("October 2026", "360"), ("November 2026", "310")):
        page.get_by_role("link", name="Enter a KPI reading").click()
        page.get_by_label("KPI").select_option(label="Families using food banks")
        page.get_by_label("Period").fill(period)
        page.get_by_label("Reading").fill(value)
        page.get_by_role("button", name="Record the reading").click()
        expect(page.get_by_text("The reading is recorded.")).to_be_visible()
    assert_accessible(page)

    # The mission page now shows the trend on track.
    page.goto(mission_url)
    trend = page.get_by_role("heading", name="Families using food banks:", exact=False)
    expect(trend.first).to_contain_text("On track")
    assert_accessible(page)

    # The progress report, made by the worker, is downloaded and says the same.
    page.get_by_role("button", name="Download a progress report (PDF)").click()
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        download_link.click()
    with open(download_info.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = _squashed("".join(pdf_page.extract_text() for pdf_page in reader.pages))
    for expected in (
        "Everyone eats well",
        "April 2026 to March 2027",
        f"{contract_value} in 1 contract",
        "Families using food banks (on track)",
        "The latest reading is on or ahead of the straight line",
    ):
        assert _squashed(expected) in text, expected
