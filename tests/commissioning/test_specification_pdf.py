"""The specification PDF: its context, who may ask for one, and a real render by the worker."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from commissioning.models import Indicator, Outcome, SpecificationVersion
from reports import services
from reports.kinds import get_kind
from reports.models import Report, ReportStatus

SNAPSHOT = {
    "sections": [
        {
            "kind": "background",
            "heading": "Why this service matters",
            "body": "Families on the estates cannot buy fresh food near home.",
            "position": 1,
        },
        {
            "kind": "requirements",
            "heading": "What the provider must do",
            "body": "",
            "position": 2,
            "requirements": [
                {"kind": "preference", "text": "Food grown within 30 miles"},
                {"kind": "non_negotiable", "text": "Open five days a week"},
                {"kind": "open_for_dialogue", "text": "How residents run the hubs"},
            ],
        },
    ]
}


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> Any:
    """PDFs are written to a throwaway folder, not the project's media folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def version(commission: Any, mission: Any, specification: Any, commissioner: Any):
    outcome = Outcome.objects.create(mission=mission, title="Fewer families go hungry")
    Indicator.objects.create(
        outcome=outcome,
        name="Households that skip meals",
        unit="%",
        baseline_value=18,
        target_value=9,
        data_source="Residents survey",
    )
    commission.outcomes.add(outcome)
    return SpecificationVersion.objects.create(
        specification=specification,
        number=1,
        change_note="First issue for market engagement",
        snapshot=SNAPSHOT,
        readability_score=62.0,
        issued_by=commissioner,
    )


@pytest.mark.django_db
def test_context_groups_requirements_by_type_in_a_fixed_order(
    version: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):
        context = get_kind("specification").build_context(version)
    groups = context["sections"][1]["requirement_groups"]
    assert [group["label"] for group in groups] == [
        "Non-negotiable",
        "Open for dialogue",
        "Preferences",
    ]
    assert context["missions"][0].statement.startswith("By 2030")
    assert context["outcomes"][0].title == "Fewer families go hungry"
    assert context["readability"] == 62.0


@pytest.mark.django_db
def test_only_people_who_may_read_the_commission_can_ask_for_the_pdf(
    version: Any, viewer: Any, other_commissioner: Any
) -> None:
    report = services.report_request(kind="specification", target=version, requested_by=viewer)
    assert report.organisation_id == version.specification.commission.organisation_id
    assert report.title.endswith("(version 1)")
    with pytest.raises(PermissionDenied):
        services.report_request(
            kind="specification", target=version, requested_by=other_commissioner
        )


def wait_until_finished(report_id: int, timeout: float = 30.0) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = Report.objects.get(pk=report_id)
        if report.is_finished:
            return report
        time.sleep(0.1)
    pytest.fail(f"Report {report_id} was still {report.status} after {timeout:.0f} seconds")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_renders_a_specification_version_with_the_mission_first(
    celery_worker: Any, version: Any, commissioner: Any, mission: Any
) -> None:
    report = services.report_request(
        kind="specification", target=version, requested_by=commissioner
    )

    report = wait_until_finished(report.pk)

    assert report.status == ReportStatus.READY, report.error
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))

    def squashed(text: str) -> str:
        # Text extraction may split a word at a kerning pair, so compare without spaces.
        return text.replace(" ", "").replace("\n", "")

    first_page = squashed(reader.pages[0].extract_text())
    everything = squashed("\n".join(page.extract_text() for page in reader.pages))
    assert squashed(mission.statement) in first_page
    assert squashed("Fewer families go hungry") in first_page
    assert squashed("Households that skip meals") in first_page
    for expected in (
        "Why this service matters",
        "What the provider must do",
        "Non-negotiable",
        "Open five days a week",
        "First issue for market engagement",
    ):
        assert squashed(expected) in everything, expected
