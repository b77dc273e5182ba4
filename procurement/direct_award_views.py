"""Direct award pages: the buyer's page (supplier and grounds, checks, standstill and
contract), the public transparency notice, and the list of notices."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import submit_form
from core.paging import page_of
from procurement import direct_award
from procurement.direct_award_forms import DirectAwardChecksForm, DirectAwardForm
from procurement.forms import AwardForm
from procurement.models import Procedure, Tender
from procurement.views import _get_managed_tender_for, _get_tender_for


def _get_direct_award_for(request: HttpRequest, pk: int) -> Tender:
    tender = _get_managed_tender_for(request, pk)
    if tender.procedure != Procedure.DIRECT_AWARD:
        raise Http404
    return tender


def _render_page(
    request: HttpRequest,
    tender: Tender,
    *,
    form: forms.Form | None = None,
    checks_form: forms.Form | None = None,
    award_form: forms.Form | None = None,
) -> HttpResponse:
    page = direct_award.direct_award_page(tender)
    record = page.record
    if form is None and page.may_set:
        form = DirectAwardForm(
            initial={
                "supplier": record.supplier_id if record else None,
                "grounds": record.grounds if record else [],
                "justification": tender.direct_award_justification,
            }
        )
    context = {
        "tender": tender,
        "page": page,
        "form": form,
        "checks_form": checks_form or DirectAwardChecksForm(),
        "award_form": award_form or AwardForm(),
        "checks": [(label, getattr(record, f"{name}_notes")) for name, label in direct_award.CHECKS]
        if record and record.checks_recorded_at
        else [],
        "error_form": form if form is not None and form.errors else checks_form or award_form,
    }
    return render(request, "procurement/direct_award.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def direct_award_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer's page; a POST names the supplier and grounds of a draft."""
    tender = _get_direct_award_for(request, pk)
    if request.method == "POST":
        form = DirectAwardForm(request.POST)
        if submit_form(
            form, lambda data: direct_award.direct_award_set(tender=tender, by=request.user, **data)
        ):
            messages.success(request, "The supplier and grounds have been saved.")
            return redirect("procurement:tender_detail", pk=tender.pk)
        return _render_page(request, tender, form=form)
    return _render_page(request, tender)


@require_POST
@login_required
def direct_award_checks(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_direct_award_for(request, pk)
    form = DirectAwardChecksForm(request.POST)
    if submit_form(
        form,
        lambda data: direct_award.direct_award_checks_record(
            tender=tender, checks=form.checks(), rationale=data["rationale"], by=request.user
        ),
    ):
        messages.success(request, "Checks recorded. The award decision is made.")
        return redirect("procurement:direct_award", pk=tender.pk)
    return _render_page(request, tender, checks_form=form)


@require_POST
@login_required
def direct_award_contract(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_direct_award_for(request, pk)
    form = AwardForm(request.POST)
    if submit_form(
        form,
        lambda data: direct_award.direct_award_contract(tender=tender, by=request.user, **data),
    ):
        messages.success(request, "Contract awarded. It is now in the contract register.")
        return redirect("procurement:direct_award", pk=tender.pk)
    return _render_page(request, tender, award_form=form)


@require_GET
def transparency_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The public notice of a direct award: who, why, how much, since when."""
    tender = _get_tender_for(request, pk)
    notice = direct_award.transparency_notice_for(tender)
    if notice is None:
        raise Http404
    return render(
        request,
        "procurement/transparency_notice.html",
        {
            "tender": tender,
            "notice": notice,
            "outcome": direct_award.notice_outcome(tender, notice),
        },
    )


@require_GET
def transparency_notice_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, direct_award.transparency_notices())
    return render(request, "procurement/transparency_notice_list.html", {"page": page})
