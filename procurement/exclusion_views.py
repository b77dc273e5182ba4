"""Exclusion pages: the supplier's declaration against the exclusion grounds, and the
buyer's check of the suppliers taking part in its tender, where it may exclude one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.models import Organisation
from core.forms import submit_form
from procurement import conditions, exclusion, stages
from procurement.conditions_forms import AssessForm
from procurement.exclusion_forms import DeclarationForm, DownSelectForm, ExcludeForm
from procurement.exclusion_grounds import GROUNDS
from procurement.models import Tender, TenderParticipant
from procurement.views import _get_managed_tender_for


def _declaring_supplier(request: HttpRequest) -> Organisation:
    organisation = request.organisation
    if not organisation or not permissions.can(request.user, "supplier.act", organisation):
        raise Http404
    return organisation


def _initial(declaration) -> dict[str, str]:
    if declaration is None:
        return {}
    initial: dict[str, str] = {}
    for code, answer in declaration.answers.items():
        initial[code] = "yes" if answer.get("applies") else "no"
        initial[f"{code}_details"] = answer.get("details", "")
        initial[f"{code}_self_cleaning"] = answer.get("self_cleaning", "")
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def exclusion_declaration(request: HttpRequest) -> HttpResponse:
    """The acting supplier's declaration; a POST makes a new one, current for six months."""
    supplier = _declaring_supplier(request)
    current = exclusion.declaration_current(supplier)
    form = DeclarationForm(request.POST or None, initial=_initial(current))
    if request.method == "POST" and submit_form(
        form,
        lambda data: exclusion.declaration_submit(
            supplier=supplier, answers=form.answers(), by=request.user
        ),
    ):
        messages.success(request, "Your exclusion declaration has been saved.")
        return redirect("procurement:exclusion_declaration")
    context = {
        "supplier": supplier,
        "current": current,
        "expires": exclusion.declaration_expires(current) if current else None,
        "form": form,
        "debarment": exclusion.debarment_for(supplier),
    }
    return render(request, "procurement/exclusion_declaration.html", context)


def render_checks(
    request: HttpRequest, tender: Tender, *, failed: tuple[int, Form] | None = None
) -> HttpResponse:
    """The page of suppliers taking part; a refused form comes back bound in its
    supplier's card."""
    checks = exclusion.tender_bidder_checks(tender)

    def form_for(check: exclusion.BidderCheck, form_class: type[Form]) -> Form:
        prefix = f"{form_class.prefix_letter}{check.participant.pk}"
        if failed and failed[0] == check.participant.pk and failed[1].prefix == prefix:
            return failed[1]
        return form_class(prefix=prefix)

    rows = [
        (
            check,
            form_for(check, ExcludeForm),
            form_for(check, DownSelectForm),
            form_for(check, AssessForm),
        )
        for check in checks
    ]
    tender_conditions = conditions.conditions_for(tender)
    context = {
        "tender": tender,
        "rows": rows,
        "conditions": tender_conditions,
        "may_assess": bool(tender_conditions)
        and tender.status in conditions.ASSESSABLE_STATUSES
        and tender.winning_bid_id is None,
        "grounds": {ground.code: ground for ground in GROUNDS},
        "error_form": failed[1] if failed else None,
        "may_exclude": not tender.is_finished and tender.winning_bid_id is None,
        "may_down_select": stages.may_down_select(tender),
    }
    return render(request, "procurement/tender_bidders.html", context)


@require_GET
@login_required
def tender_bidders(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer's check of the suppliers taking part: declarations and debarment flags."""
    tender = _get_managed_tender_for(request, pk)
    return render_checks(request, tender)


@require_POST
@login_required
def participant_exclude(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    participant = TenderParticipant.objects.filter(pk=participant_pk, tender=tender).first()
    if participant is None:
        raise Http404
    form = ExcludeForm(request.POST, prefix=f"{ExcludeForm.prefix_letter}{participant.pk}")
    if submit_form(
        form,
        lambda data: exclusion.participant_exclude(
            tender=tender, participant=participant, reason=data["reason"], by=request.user
        ),
    ):
        messages.success(request, f"{participant.supplier} has been excluded from this tender.")
        return redirect("procurement:tender_bidders", pk=tender.pk)
    return render_checks(request, tender, failed=(participant.pk, form))


@require_POST
@login_required
def participant_not_taken_forward(
    request: HttpRequest, pk: int, participant_pk: int
) -> HttpResponse:
    """Competitive flexible procedure: do not take this supplier forward to the next stage."""
    tender = _get_managed_tender_for(request, pk)
    participant = TenderParticipant.objects.filter(pk=participant_pk, tender=tender).first()
    if participant is None:
        raise Http404
    form = DownSelectForm(request.POST, prefix=f"{DownSelectForm.prefix_letter}{participant.pk}")
    if submit_form(
        form,
        lambda data: stages.participant_not_taken_forward(
            tender=tender, participant=participant, reason=data["reason"], by=request.user
        ),
    ):
        messages.success(request, f"{participant.supplier} will not go forward to the next stage.")
        return redirect("procurement:tender_bidders", pk=tender.pk)
    return render_checks(request, tender, failed=(participant.pk, form))
