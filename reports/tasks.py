from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task

from reports import services

logger = logging.getLogger(__name__)


class RenderReportTask(Task):
    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        # Out of retries: tell the person rather than leave the report spinning for ever.
        report_id = kwargs.get("report_id", args[0] if args else None)
        if report_id is None:
            return
        try:
            services.report_fail(report_id=report_id, error=services.readable_error(exc))
        except Exception:
            logger.exception("Could not record the failure of report %s", report_id)


@shared_task(
    name="reports.render_report",
    base=RenderReportTask,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
)
def render_report(report_id: int) -> str:
    """Make one report's PDF. Time limits come from CELERY_TASK_(SOFT_)TIME_LIMIT."""
    return services.report_render(report_id=report_id).status


@shared_task(name="reports.requeue_waiting_reports")
def requeue_waiting_reports() -> int:
    """The outbox sweep for reports: send again every report still queued a while after
    it was asked for (the broker was down, or the task was lost), or left rendering by a
    worker that died. Runs every minute."""
    from core.broker import enqueue

    return services.reports_waiting_resend(send=lambda pk: enqueue(render_report, pk))
