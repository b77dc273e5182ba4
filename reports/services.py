"""Writes for PDF reports: asking for one, and making it in the background."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Model, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from accounts import lifecycle, permissions
from accounts.models import User
from accounts.services import audit_record
from core.broker import enqueue_on_commit, outbox_sweep
from core.errors import DomainError
from reports import pdf
from reports.kinds import get_kind
from reports.models import Report, ReportStatus

logger = logging.getLogger(__name__)

ALLOWED: dict[str, set[str]] = {
    ReportStatus.QUEUED: {ReportStatus.RENDERING, ReportStatus.FAILED},
    ReportStatus.RENDERING: {ReportStatus.READY, ReportStatus.FAILED},
    ReportStatus.READY: set(),
    ReportStatus.FAILED: set(),
}

# Faults that may pass on their own: the task retries rather than giving up.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


def report_transition(*, report: Report, to: str, by: User | None = None) -> Report:
    """The only place a report's status changes; refuses moves the lifecycle does not allow."""
    return lifecycle.transition(report, to=to, allowed=ALLOWED, by=by)


@transaction.atomic
def report_request(*, kind: str, target: Model, requested_by: User) -> Report:
    """Ask for a PDF of a record. Only people who may see the record may ask for one.

    The report is made in the background once this transaction commits.
    """
    from reports.tasks import render_report

    report_kind = get_kind(kind)
    if not report_kind.is_for(target):
        raise DomainError(f"A {report_kind.code.replace('_', ' ')} cannot be made of this record.")
    if not getattr(requested_by, "is_authenticated", False):
        raise PermissionDenied("Sign in to ask for a PDF.")
    permissions.require(requested_by, report_kind.permission, target)
    report = Report.objects.create(
        organisation_id=permissions.organisation_id_of(target),
        requested_by=requested_by,
        kind=report_kind.code,
        title=report_kind.title(target)[:200],
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
    )
    audit_record(actor=requested_by, verb="requested", target=report, changes={"kind": kind})
    enqueue_on_commit(render_report, report.pk)
    return report


# Older than a day, the person has long given up on a queued report: it stays queued.
QUEUE_HORIZON = datetime.timedelta(days=1)


def reports_waiting_resend(*, send: Callable[[int], Any]) -> int:
    """The outbox sweep for reports: `send` each report still queued past the grace
    period (its task never reached a worker), and each report left rendering for longer
    than the task's hard time limit (its worker died and the task was lost with it; no
    live task can still be making it). Returns how many were sent."""
    stuck = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    waiting = Report.objects.filter(
        Q(status=ReportStatus.QUEUED) | Q(status=ReportStatus.RENDERING, started_at__lt=stuck)
    )
    return outbox_sweep(waiting, send, horizon=QUEUE_HORIZON)


@transaction.atomic
def report_start(*, report_id: int) -> Report | None:
    """Mark a report as being made. Returns None when there is nothing left to do.

    A report found already rendering was cut short (its worker died or it is being
    retried), so it is made again from the start.
    """
    report = Report.objects.select_for_update().get(pk=report_id)
    if report.is_finished:
        return None
    if report.status == ReportStatus.QUEUED:
        report = report_transition(report=report, to=ReportStatus.RENDERING)
    report.started_at = timezone.now()
    report.save(update_fields=["started_at"])
    return report


@transaction.atomic
def report_complete(*, report_id: int, content: bytes) -> Report:
    """Store a made PDF and mark its report ready (once: a second finished copy is dropped)."""
    report = Report.objects.select_for_update().get(pk=report_id)
    if report.status == ReportStatus.READY:
        return report
    report = report_transition(report=report, to=ReportStatus.READY)
    # One name per report, written over: a worker killed after writing the file but
    # before this transaction committed left a copy under the same name, not a second file.
    name = f"reports/{report.created_at:%Y/%m}/{slugify(report.kind)}-{report.pk}.pdf"
    storage = report.file.storage
    storage.delete(name)
    report.file.name = storage.save(name, ContentFile(content))
    report.page_count = pdf.count_pages(content)
    report.error = ""
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "page_count", "error", "finished_at"])
    return report


@transaction.atomic
def report_fail(*, report_id: int, error: str) -> Report:
    """Record why a report could not be made, in words the person can read."""
    report = Report.objects.select_for_update().get(pk=report_id)
    if report.is_finished:
        return report
    report = report_transition(report=report, to=ReportStatus.FAILED)
    report.error = error[:2000]
    report.finished_at = timezone.now()
    report.save(update_fields=["error", "finished_at"])
    return report


def readable_error(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return "It took too long to make this PDF."
    detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"Something went wrong while making this PDF ({reason})."


def report_html(report: Report) -> str:
    """The HTML of a report, from its kind's template and the record as it is now, as
    the person who asked for it may read it."""
    report_kind = get_kind(report.kind)
    target = report.target
    if target is None:
        raise DomainError("The record this report was for no longer exists.")
    context: dict[str, Any] = {"report": report, **report_kind.build_context(target)}
    if report_kind.reader_context is not None:
        context.update(report_kind.reader_context(target, report.requested_by))
    return render_to_string(report_kind.template_name, context)


def report_render(*, report_id: int) -> Report:
    """Make a report's PDF: queued -> rendering -> ready, or failed with a readable reason.

    Safe to run twice: a finished report is not made again. Faults that may pass (the
    database going away) are raised for the task to retry; anything else fails the report.
    Rendering runs outside any transaction so that no row stays locked while it runs.
    """
    report = report_start(report_id=report_id)
    if report is None:
        return Report.objects.get(pk=report_id)
    try:
        content = pdf.html_to_pdf(report_html(report))
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("Report %s could not be rendered", report_id)
        return report_fail(report_id=report_id, error=readable_error(exc))
    return report_complete(report_id=report_id, content=content)
