"""The specification PDF: its context, who may ask for one, and a real render by the worker."""

from __future__ import annotations

import io
import re
import time
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from commissioning.models import Indicator, Outcome, SpecificationVersion
from reports import services
from reports.kinds import get_kind
from reports.models import Report, ReportStatus
from tests.commissioning.factories import IndicatorFactory

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


def _pdf_pages(version: Any) -> list[str]:
    from django.template.loader import render_to_string

    from reports.pdf import html_to_pdf

    kind = get_kind("specification")
    pdf = html_to_pdf(render_to_string(kind.template_name, kind.build_context(version)))
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.django_db
def test_title_and_file_name_say_specification_once(version: Any) -> None:
    # The default title is "Specification: <commission>".
    assert version.specification.title.startswith("Specification: ")
    title = get_kind("specification").title(version)
    assert title == f"Specification: {version.specification.commission.title} (version 1)"
    context = get_kind("specification").build_context(version)
    assert context["heading"] == version.specification.commission.title


@pytest.mark.django_db
def test_pdf_shows_each_outcome_indicator_with_its_baseline_and_target(
    version: Any, mission: Any
) -> None:
    # An outcome only a section of the version seeks, not the commission, shows too.
    extra = Outcome.objects.create(mission=mission, title="More food grown locally")
    IndicatorFactory(
        outcome=extra,
        name="Tonnes of local produce sold",
        unit="tonnes",
        data_source="Market returns",
        with_baseline_and_target=True,
    )
    version.snapshot = {
        "sections": [
            {**SNAPSHOT["sections"][0], "outcomes": [{"id": extra.pk, "title": extra.title}]}
        ]
    }
    version.save(update_fields=["snapshot"])

    text = "\n".join(_pdf_pages(version))

    assert text.count("Specification:") == 0
    for expected in (
        "Households that skip meals",
        "18 %",
        "9 %",
        "Residents survey",
        "Tonnes of local produce sold",
        "18 tonnes (1 April 2025)",
        "9 tonnes by 31 March 2028",
        "Market returns",
    ):
        # Text extraction may split a word at a kerning pair or a cell over lines.
        assert re.sub(r"\s+", "", expected) in re.sub(r"\s+", "", text), expected


@pytest.mark.django_db
def test_no_page_ends_with_a_heading(version: Any) -> None:
    """Long sections of different lengths push headings to every place on the page; a
    heading always starts the page with what it introduces."""
    filler = "Residents told us what they need from a food hub near home. " * 3
    sections = [
        {
            "kind": "background",
            "heading": f"Heading number {n}",
            "body": "\n\n".join([filler] * (1 + n % 4)),
            "position": n,
        }
        for n in range(1, 25)
    ]
    version.snapshot = {"sections": sections}
    version.save(update_fields=["snapshot"])

    pages = _pdf_pages(version)

    assert len(pages) > 4
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        # Leave out the footer: the reference and "Page 2 of 7".
        body = [line for line in lines if not re.search(r"Page \d+ of \d+$", line)]
        assert not body[-1].startswith("Heading number"), (number, body[-3:])
        assert body[-1] != "BACKGROUND", (number, body[-3:])
