"""How a report's status looks as a GOV.UK tag (registered in `apps.py`)."""

from __future__ import annotations

from core.status_tags import register
from reports.models import Report, ReportStatus

register(
    ReportStatus,
    {
        ReportStatus.QUEUED: "grey",
        ReportStatus.RENDERING: "blue",
        ReportStatus.READY: "green",
        ReportStatus.FAILED: "red",
    },
    fields=((Report, "status"),),
)
