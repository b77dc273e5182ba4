"""Pages for how a tender is scored, a direct award's justification and a buyer's
procurement settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import permissions
from accounts.models import Organisation, OrganisationKind
from core.errors import DomainError
from core.forms import submit_form
from procurement import tender_settings
from procurement.models import PriceFormula, Procedure, TenderStatus
from procurement.settings_forms import (
    BuyerSettingsForm,
    JustificationForm,
    ScoringForm,
    descriptor_field_name,
)
from procurement.views import _get_managed_tender_for


@require_http_methods(["GET", "POST"])
@login_required
def tender_scoring(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    may_edit = tender.status == TenderStatus.DRAFT
    descriptors = tender_settings.descriptors_for(tender)
    initial = {
        "max_score": tender.max_score,
        "price_formula": tender.price_formula or PriceFormula.LOWEST_RATIO,
        **{descriptor_field_name(score): text for score, text in enumerate(descriptors)},
    }
    form = ScoringForm(request.POST if request.method == "POST" else None, initial=initial)
    # A late POST still reaches the service, which says why it is refused, and the form
    # comes back with what was typed.
    if request.method == "POST" and submit_form(
        form,
        lambda data: tender_settings.tender_scoring_update(
            tender=tender,
            max_score=data["max_score"],
            descriptors=form.descriptors(),
            price_formula=data["price_formula"],
            by=request.user,
        ),
    ):
        messages.success(request, "How bids are scored has been saved.")
        return redirect("procurement:tender_criteria", pk=tender.pk)
    context = {
        "tender": tender,
        "form": form,
        "may_edit": may_edit,
        "descriptors": descriptors,
        "price_formula_explanation": tender_settings.PRICE_FORMULA_EXPLANATIONS.get(
            tender.price_formula, ""
        ),
    }
    return render(request, "procurement/tender_scoring.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def tender_justification(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    # A late POST still reaches the service, which says why it is refused, and the form
    # comes back with what was typed.
    if tender.procedure != Procedure.DIRECT_AWARD or (
        tender.status != TenderStatus.DRAFT and request.method == "GET"
    ):
        messages.error(request, "Only a draft direct award needs a justification.")
        return redirect("procurement:tender_detail", pk=tender.pk)
    form = JustificationForm(
        request.POST if request.method == "POST" else None,
        initial={"justification": tender.direct_award_justification},
    )
    if request.method == "POST" and form.is_valid():
        try:
            tender_settings.tender_justification_update(
                tender=tender, justification=form.cleaned_data["justification"], by=request.user
            )
        except DomainError as error:
            form.add_error("justification", str(error))
        else:
            messages.success(request, "Justification saved.")
            return redirect("procurement:tender_detail", pk=tender.pk)
    return render(
        request, "procurement/tender_justification.html", {"tender": tender, "form": form}
    )


def _get_managed_buyer_for(request: HttpRequest) -> Organisation:
    """The buyer the person is acting for, if they are one of its administrators."""
    organisation = request.organisation
    # A lazy object: `is None` would be false even for someone with no organisation.
    if (
        not organisation
        or organisation.kind != OrganisationKind.PUBLIC_BODY
        or not permissions.can(request.user, "organisation.manage", organisation)
    ):
        raise PermissionDenied("Only a buyer's administrators can change its procurement settings.")
    return organisation


@require_http_methods(["GET", "POST"])
@login_required
def buyer_settings(request: HttpRequest) -> HttpResponse:
    organisation = _get_managed_buyer_for(request)
    current = tender_settings.buyer_settings_for(organisation)
    form = BuyerSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "standstill_working_days": current.standstill_working_days,
            "social_value_floor_percent": organisation.social_value_floor_percent,
        },
    )
    if request.method == "POST" and submit_form(
        form,
        lambda data: tender_settings.buyer_settings_update(
            organisation=organisation, by=request.user, **data
        ),
    ):
        messages.success(request, "Procurement settings saved.")
        return redirect("procurement:buyer_settings")
    return render(
        request,
        "procurement/buyer_settings.html",
        {"organisation": organisation, "form": form},
    )
