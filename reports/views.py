"""Asking for a PDF, watching it being made, and downloading it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from core.errors import DomainError
from core.private_files import private_file_response
from reports import selectors, services
from reports.forms import ReportRequestForm
from reports.models import Report, ReportStatus


def _get_report_for(request: HttpRequest, pk: int) -> Report:
    report = selectors.report_for(request.user, pk)
    if report is None:
        raise Http404
    return report


@require_POST
@login_required
def report_request(request: HttpRequest) -> HttpResponse:
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        raise Http404
    target = selectors.report_target_for(
        request.user, kind=form.cleaned_data["kind"], object_id=form.cleaned_data["object_id"]
    )
    if target is None:
        raise Http404
    try:
        report = services.report_request(
            kind=form.cleaned_data["kind"], target=target, requested_by=request.user
        )
    except (DomainError, PermissionDenied) as error:
        messages.error(request, str(error))
        return redirect("home:dashboard")
    return redirect("reports:detail", pk=report.pk)


@require_GET
@login_required
@never_cache
@vary_on_headers("HX-Request")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for(request, pk)
    template = "reports/report_detail.html"
    if request.htmx:
        # Nothing new since the last poll: no swap, so screen readers hear only real changes.
        if request.GET.get("shown") == report.status:
            return HttpResponse(status=204)
        template += "#report-status"
    return render(request, template, {"report": report})


@require_GET
@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = _get_report_for(request, pk)
    if report.status != ReportStatus.READY or not report.file:
        raise Http404
    return private_file_response(
        report.file,
        filename=f"{slugify(report.title)[:80] or 'report'}.pdf",
        content_type="application/pdf",
    )
