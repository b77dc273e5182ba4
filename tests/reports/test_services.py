from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.utils import timezone

from accounts.models import AuditEvent
from core.errors import DomainError
from reports import kinds, services, tasks
from reports.kinds import ReportKind, UnknownReportKind
from reports.models import Report, ReportStatus
from tests.commissioning.factories import CommissionFactory
from tests.reports.factories import make_tender

pytestmark = pytest.mark.django_db


def test_requesting_a_tender_pack_queues_it_and_renders_after_commit(
    tender, commissioner, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.render_report, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = services.report_request(
            kind="tender_pack", target=tender, requested_by=commissioner
        )
    assert report.status == ReportStatus.QUEUED
    assert report.organisation_id == tender.organisation_id
    assert report.target == tender
    assert report.title == f"Tender pack: {tender.title} ({tender.reference})"
    send.assert_called_once_with(args=(report.pk,), retry=False, ignore_result=True)
    assert AuditEvent.objects.filter(verb="requested", target_id=str(report.pk)).exists()


def test_supplier_may_ask_for_the_pack_of_a_published_tender(tender, supplier_user):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=supplier_user)
    assert report.requested_by == supplier_user


def test_another_councils_private_draft_cannot_be_requested(draft_tender, other_commissioner):
    with pytest.raises(PermissionDenied):
        services.report_request(
            kind="tender_pack", target=draft_tender, requested_by=other_commissioner
        )
    assert not Report.objects.exists()


def test_supplier_cannot_ask_for_a_draft_tender(draft_tender, supplier_user):
    with pytest.raises(PermissionDenied):
        services.report_request(kind="tender_pack", target=draft_tender, requested_by=supplier_user)


def test_unknown_kind_is_refused(tender, commissioner):
    with pytest.raises(UnknownReportKind):
        services.report_request(kind="nonsense", target=tender, requested_by=commissioner)


def test_kind_refuses_a_record_of_the_wrong_model(council, commissioner):
    commission = CommissionFactory(organisation=council)
    with pytest.raises(DomainError):
        services.report_request(kind="tender_pack", target=commission, requested_by=commissioner)


def test_render_moves_queued_to_ready_and_stores_the_pdf(tender, commissioner, private_media):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)
    report = services.report_render(report_id=report.pk)
    assert report.status == ReportStatus.READY
    assert report.error == ""
    assert report.page_count >= 2
    assert report.started_at <= report.finished_at
    assert report.file.name.startswith("reports/")
    assert (private_media / report.file.name).read_bytes().startswith(b"%PDF")
    statuses = [
        event.changes["status"]
        for event in AuditEvent.objects.filter(verb="status", target_id=str(report.pk)).order_by(
            "pk"
        )
    ]
    assert statuses == [["queued", "rendering"], ["rendering", "ready"]]


def test_a_ready_report_is_not_rendered_again(tender, commissioner):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)
    first = services.report_render(report_id=report.pk)
    with mock.patch("reports.pdf.html_to_pdf") as html_to_pdf:
        second = services.report_render(report_id=report.pk)
    html_to_pdf.assert_not_called()
    assert second.status == ReportStatus.READY
    assert second.file.name == first.file.name


def test_a_render_cut_short_is_made_again(tender, commissioner):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RENDERING)
    assert services.report_render(report_id=report.pk).status == ReportStatus.READY


def test_a_file_left_by_a_render_that_died_before_committing_is_written_over(
    tender, commissioner, private_media
):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)
    name = f"reports/{report.created_at:%Y/%m}/tender_pack-{report.pk}.pdf"
    (private_media / name).parent.mkdir(parents=True)
    (private_media / name).write_bytes(b"half a PDF")

    report = services.report_render(report_id=report.pk)

    assert report.file.name == name
    assert [path.name for path in (private_media / "reports").rglob("*.pdf")] == [
        f"tender_pack-{report.pk}.pdf"
    ]
    assert (private_media / name).read_bytes().startswith(b"%PDF")


def test_the_sweep_sends_reports_left_queued_or_left_rendering_by_a_dead_worker(
    tender, commissioner, settings
):
    def ask() -> Report:
        return services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)

    now = timezone.now()
    waiting, just_asked, rendering, dead_worker, stale = ask(), ask(), ask(), ask(), ask()
    Report.objects.exclude(pk=just_asked.pk).update(created_at=now - timedelta(minutes=30))
    Report.objects.filter(pk=stale.pk).update(created_at=now - timedelta(days=2))
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    Report.objects.filter(pk=rendering.pk).update(
        status=ReportStatus.RENDERING, started_at=now - limit + timedelta(seconds=30)
    )
    Report.objects.filter(pk=dead_worker.pk).update(
        status=ReportStatus.RENDERING, started_at=now - limit - timedelta(minutes=2)
    )
    sent: list[int] = []

    assert services.reports_waiting_resend(send=lambda pk: sent.append(pk) or True) == 2

    assert sent == [waiting.pk, dead_worker.pk]


@pytest.fixture
def broken_kind(monkeypatch):
    kind = ReportKind(
        code="broken_pack",
        model_label="procurement.Tender",
        permission="tender.view",
        template_name="reports/pdf/this_template_does_not_exist.html",
        build_context=lambda tender: {"tender": tender},
        title=lambda tender: f"Broken pack for {tender.title}",
    )
    monkeypatch.setitem(kinds.KINDS, kind.code, kind)
    return kind


def test_a_template_that_raises_fails_the_report_with_a_readable_error(
    tender, commissioner, broken_kind
):
    report = services.report_request(kind="broken_pack", target=tender, requested_by=commissioner)
    report = services.report_render(report_id=report.pk)
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith("Something went wrong while making this PDF")
    assert "TemplateDoesNotExist" in report.error
    assert "Traceback" not in report.error
    assert not report.file
    assert report.finished_at is not None


def test_an_error_while_building_the_context_fails_the_report(tender, commissioner, monkeypatch):
    def explode(target):
        raise ValueError("The tender has no specification")

    kind = ReportKind("exploding", "procurement.Tender", "tender.view", "x.html", explode, str)
    monkeypatch.setitem(kinds.KINDS, kind.code, kind)
    report = services.report_request(kind="exploding", target=tender, requested_by=commissioner)
    report = services.report_render(report_id=report.pk)
    assert report.status == ReportStatus.FAILED
    assert "The tender has no specification" in report.error


def test_a_failed_report_is_not_rendered_again(tender, commissioner, broken_kind):
    report = services.report_request(kind="broken_pack", target=tender, requested_by=commissioner)
    services.report_render(report_id=report.pk)
    with mock.patch("reports.pdf.html_to_pdf") as html_to_pdf:
        assert services.report_render(report_id=report.pk).status == ReportStatus.FAILED
    html_to_pdf.assert_not_called()


def test_a_passing_database_fault_is_raised_for_the_task_to_retry(tender, commissioner):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)
    with (
        mock.patch("reports.pdf.html_to_pdf", side_effect=OperationalError("gone away")),
        pytest.raises(OperationalError),
    ):
        services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING


def test_task_out_of_retries_fails_the_report(tender, commissioner):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)
    tasks.render_report.on_failure(OperationalError("gone away"), "id", (report.pk,), {}, None)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "OperationalError" in report.error


def test_task_renders_synchronously(tender, commissioner):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)
    assert tasks.render_report.run(report.pk) == ReportStatus.READY


def test_tender_pack_context_takes_a_fixed_number_of_queries(
    council, django_assert_max_num_queries
):
    tender = make_tender(council)
    with django_assert_max_num_queries(3):
        context = kinds.get_kind("tender_pack").build_context(tender)
    assert context["questions"][0].text == "How will you work with residents?"
    assert context["estimated_value"] == "£1,250,000"
