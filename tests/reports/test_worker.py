"""The whole pipeline against a real Celery worker on the real Redis broker."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from reports import services
from reports.models import Report, ReportStatus
from tests.faults import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_until_finished(report_id: int, timeout: float = 30.0) -> Report:
    """Read the report until the worker has finished with it, or fail after `timeout`."""

    def finished() -> Report | None:
        report = Report.objects.get(pk=report_id)
        return report if report.is_finished else None

    return wait_until(finished, f"report {report_id} to be finished", timeout)


def test_worker_renders_a_requested_tender_pack(celery_worker, tender, commissioner):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)

    report = wait_until_finished(report.pk)

    assert report.status == ReportStatus.READY, report.error
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Text extraction may split a word at a kerning pair, so compare without spaces.
    squashed = text.replace(" ", "").replace("\n", "")
    assert len(reader.pages) >= 2
    assert report.page_count == len(reader.pages)
    for expected in (
        tender.title,
        tender.reference,
        "Why this service matters",
        "How will you work with residents?",
    ):
        assert expected.replace(" ", "") in squashed, expected
    assert f"Page 1 of {len(reader.pages)}" in text


def test_worker_records_a_readable_failure(celery_worker, tender, commissioner, monkeypatch):
    from reports import kinds

    broken = kinds.ReportKind(
        code="broken_pack",
        model_label="procurement.Tender",
        permission="tender.view",
        template_name="reports/pdf/missing.html",
        build_context=lambda target: {},
        title=lambda target: "Broken",
    )
    monkeypatch.setitem(kinds.KINDS, broken.code, broken)
    report = services.report_request(kind="broken_pack", target=tender, requested_by=commissioner)

    report = wait_until_finished(report.pk)

    assert report.status == ReportStatus.FAILED
    assert "TemplateDoesNotExist" in report.error
