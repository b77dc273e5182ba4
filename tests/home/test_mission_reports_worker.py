"""The mission progress PDF made by a real Celery worker and read back."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from reports import services
from reports.models import ReportStatus
from tests.commissioning.factories import (
    IndicatorFactory,
    IndicatorReadingFactory,
    MissionFactory,
    OutcomeFactory,
)
from tests.contracts.factories import ContractFactory
from tests.reports.test_worker import wait_until_finished

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_makes_a_mission_progress_report_with_its_figures(
    celery_worker, council, commissioner
):
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    indicator = IndicatorFactory(
        outcome=OutcomeFactory(mission=mission, title="More people eat fresh food"),
        name="Residents who eat 5 a day",
        baseline_value=30,
        baseline_date=datetime.date(2024, 4, 1),
        target_value=50,
        target_date=datetime.date(2028, 4, 1),
    )
    IndicatorReadingFactory(indicator=indicator, value=36, date=datetime.date(2025, 4, 1))
    ContractFactory(
        organisation=council, value=240_000, start_date=datetime.date(2026, 4, 1)
    ).missions.add(mission)

    report = services.report_request(
        kind="mission_progress", target=mission, requested_by=commissioner
    )
    report = wait_until_finished(report.pk, timeout=60)

    assert report.status == ReportStatus.READY, report.error
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    # Text extraction may split a word at a kerning pair, so compare without spaces.
    text = "".join(page.extract_text() for page in reader.pages)
    squashed = text.replace(" ", "").replace("\n", "")
    for expected in (
        "Everyone eats well",
        "April 2026 to March 2027",
        "£240,000",
        "Residents who eat 5 a day (on track)",
    ):
        assert expected.replace(" ", "") in squashed, expected
