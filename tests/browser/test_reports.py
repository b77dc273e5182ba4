"""A commissioner watches a tender pack being made and downloads it."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from playwright.sync_api import expect

from reports import services, tasks
from reports.models import ReportStatus
from tests.browser.conftest import assert_accessible, sign_in
from tests.reports.factories import make_tender

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


def test_commissioner_sees_the_pack_become_ready_and_downloads_it(
    page: Any, live_server: Any, celery_worker: Any, council: Any, commissioner: Any
) -> None:
    tender = make_tender(council)
    # Hold the render back so the page is seen while the report is still queued.
    with mock.patch.object(tasks.render_report, "apply_async"):
        report = services.report_request(
            kind="tender_pack", target=tender, requested_by=commissioner
        )
    sign_in(page, live_server, commissioner)

    page.goto(f"{live_server.url}/reports/{report.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(report.title)
    expect(page.locator("#report-status .govuk-tag")).to_have_text("Queued")
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    assert_accessible(page)

    tasks.render_report.delay(report.pk)

    # htmx swaps the status in place: the page itself is never reloaded.
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    expect(page.locator("#report-status .govuk-tag")).to_have_text("Ready")
    expect(page.get_by_role("link", name="Check again")).to_have_count(0)
    assert page.url == f"{live_server.url}/reports/{report.pk}/"
    assert_accessible(page)

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert re.fullmatch(r"tender-pack-.*\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
