"""Reads for PDF reports, each returning only what the person may see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from accounts import permissions
from reports.kinds import UnknownReportKind, get_kind
from reports.models import Report


def report_target_for(user: Any, *, kind: str, object_id: str) -> Model | None:
    """The record a report of this kind would be made of, if the person may see it."""
    try:
        report_kind = get_kind(kind)
        target = report_kind.model._default_manager.filter(pk=object_id).first()
    except (UnknownReportKind, ValueError, TypeError, ValidationError):
        return None
    if target is None or not permissions.can(user, report_kind.permission, target):
        return None
    return target


def report_for(user: Any, pk: int) -> Report | None:
    """A report, if the person may see it and may still see the record it was made of."""
    report = Report.objects.select_related("requested_by", "target_type").filter(pk=pk).first()
    if report is None or not permissions.can(user, "report.view", report):
        return None
    try:
        report_kind = get_kind(report.kind)
    except UnknownReportKind:
        return None
    target = report.target
    if target is None or not permissions.can(user, report_kind.permission, target):
        return None
    return report
