"""Pages for the options appraisal of a commission.

People outside the owning organisation get 404; readers inside it (viewers, evaluators,
contract managers) see the appraisal and get 403 on the editing pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from commissioning import breadcrumbs
from commissioning.appraisal import selectors, services
from commissioning.appraisal.forms import CriterionForm, DecisionForm, OptionForm, ScoreForm
from commissioning.models import (
    AppraisalCriterion,
    AppraisalOption,
    Commission,
    OptionKind,
)
from commissioning.views import _get_commission_for
from core.errors import DomainError
from core.forms import submit_form
from core.views import run_and_redirect


def _get_editable_commission_for(request: HttpRequest, pk: int) -> Commission:
    commission = _get_commission_for(request, pk)
    permissions.require(request.user, "commissioning.edit", commission)
    return commission


def _get_criterion_for(request: HttpRequest, pk: int, criterion_pk: int) -> AppraisalCriterion:
    commission = _get_editable_commission_for(request, pk)
    criterion = selectors.criterion_get(commission=commission, pk=criterion_pk)
    if criterion is None:
        raise Http404
    return criterion


def _get_option_for(request: HttpRequest, pk: int, option_pk: int) -> AppraisalOption:
    commission = _get_editable_commission_for(request, pk)
    option = selectors.option_get(commission=commission, pk=option_pk)
    if option is None:
        raise Http404
    return option


def _score_forms(appraisal: selectors.Appraisal, data: Any = None) -> list[ScoreForm]:
    """One row of the scoring grid per option, all in one form; bound when `data` is given."""
    return [
        ScoreForm(data, option=entry.option, criteria=appraisal.criteria, scores=entry.scores)
        for entry in appraisal.options
    ]


def _appraisal_page(
    request: HttpRequest,
    commission: Commission,
    *,
    criterion_form: CriterionForm | None = None,
    bound_score_forms: list[ScoreForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    appraisal = selectors.appraisal_for(commission)
    may_edit = permissions.can(request.user, "commissioning.edit", appraisal.commission)
    is_open = appraisal.commission.is_appraising
    score_forms = []
    if may_edit and is_open and appraisal.criteria:
        score_forms = bound_score_forms or _score_forms(appraisal)
    context = {
        "breadcrumbs": breadcrumbs.commission(appraisal.commission),
        "commission": appraisal.commission,
        "appraisal": appraisal,
        "may_edit": may_edit,
        "is_open": is_open,
        "criterion_form": criterion_form or CriterionForm(),
        "score_forms": score_forms,
        "scores_have_errors": any(form.errors for form in score_forms),
        "may_reopen": may_edit and appraisal.commission.status in services.REOPENABLE,
    }
    return render(request, "commissioning/appraisal/appraisal_detail.html", context, status=status)


@require_GET
@login_required
def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _appraisal_page(request, _get_commission_for(request, pk))


@require_POST
@login_required
def appraisal_start(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_editable_commission_for(request, pk)
    return run_and_redirect(
        request,
        lambda: services.appraisal_start(commission=commission, by=request.user),
        success="Options appraisal started. Add the criteria, then the options.",
        to="commissioning:appraisal_detail",
        pk=commission.pk,
    )


@require_POST
@login_required
def appraisal_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_editable_commission_for(request, pk)
    return run_and_redirect(
        request,
        lambda: services.appraisal_reopen(commission=commission, by=request.user),
        success="The decision is being revisited. The earlier decision stays in the history.",
        to="commissioning:appraisal_detail",
        pk=commission.pk,
    )


# --- Criteria --------------------------------------------------------------------------
@require_POST
@login_required
def appraisal_criterion_create(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_editable_commission_for(request, pk)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            criterion = services.appraisal_criterion_create(
                commission=commission, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Criterion “{criterion}” added.")
            return redirect("commissioning:appraisal_detail", pk=commission.pk)
    return _appraisal_page(request, commission, criterion_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def appraisal_criterion_edit(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    criterion = _get_criterion_for(request, pk, criterion_pk)
    form = CriterionForm(
        request.POST or None, initial={"name": criterion.name, "weight": criterion.weight}
    )
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.appraisal_criterion_update(
            criterion=criterion, by=request.user, **data
        ),
    ):
        messages.success(request, "Criterion updated.")
        return redirect("commissioning:appraisal_detail", pk=pk)
    context = {
        "breadcrumbs": breadcrumbs.appraisal(criterion.commission),
        "commission": criterion.commission,
        "criterion": criterion,
        "form": form,
    }
    return render(request, "commissioning/appraisal/criterion_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def appraisal_criterion_remove(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    criterion = _get_criterion_for(request, pk, criterion_pk)
    if request.method == "POST":
        return run_and_redirect(
            request,
            lambda: services.appraisal_criterion_delete(criterion=criterion, by=request.user),
            success=f"Criterion “{criterion}” and its scores removed.",
            to="commissioning:appraisal_detail",
            pk=pk,
        )
    context = {
        "breadcrumbs": breadcrumbs.appraisal(criterion.commission),
        "commission": criterion.commission,
        "thing": criterion,
        "what": "criterion",
        "warning": "Every score given against this criterion will be removed too.",
    }
    return render(request, "commissioning/appraisal/confirm_remove.html", context)


# --- Options ---------------------------------------------------------------------------
def _option_form_page(
    request: HttpRequest, commission: Commission, form: OptionForm, option: Any
) -> HttpResponse:
    context = {
        "breadcrumbs": breadcrumbs.appraisal(commission),
        "commission": commission,
        "form": form,
        "option": option,
    }
    return render(request, "commissioning/appraisal/option_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def appraisal_option_create(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_editable_commission_for(request, pk)
    form = OptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            option = services.appraisal_option_create(
                commission=commission, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Option “{option}” added.")
            return redirect("commissioning:appraisal_detail", pk=commission.pk)
    return _option_form_page(request, commission, form, None)


@require_http_methods(["GET", "POST"])
@login_required
def appraisal_option_edit(request: HttpRequest, pk: int, option_pk: int) -> HttpResponse:
    option = _get_option_for(request, pk, option_pk)
    form = OptionForm(request.POST or None, initial=OptionForm.initial_for(option))
    if request.method == "POST" and submit_form(
        form, lambda data: services.appraisal_option_update(option=option, by=request.user, **data)
    ):
        messages.success(request, f"Option “{option}” updated.")
        return redirect("commissioning:appraisal_detail", pk=pk)
    return _option_form_page(request, option.commission, form, option)


@require_http_methods(["GET", "POST"])
@login_required
def appraisal_option_remove(request: HttpRequest, pk: int, option_pk: int) -> HttpResponse:
    option = _get_option_for(request, pk, option_pk)
    if request.method == "POST":
        return run_and_redirect(
            request,
            lambda: services.appraisal_option_delete(option=option, by=request.user),
            success=f"Option “{option}” removed.",
            to="commissioning:appraisal_detail",
            pk=pk,
        )
    context = {
        "breadcrumbs": breadcrumbs.appraisal(option.commission),
        "commission": option.commission,
        "thing": option,
        "what": "option",
        "warning": "Its scores will be removed too.",
    }
    return render(request, "commissioning/appraisal/confirm_remove.html", context)


@require_POST
@login_required
def appraisal_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the scores of every option from the one scoring form, or none of them."""
    commission = _get_editable_commission_for(request, pk)
    appraisal = selectors.appraisal_for(commission)
    forms = _score_forms(appraisal, request.POST)
    if all(form.is_valid() for form in forms):
        try:
            services.appraisal_scores_record(
                commission=appraisal.commission,
                scores={form.option.pk: form.entries() for form in forms},
                by=request.user,
            )
        except DomainError as error:
            shown = appraisal.criteria and appraisal.commission.is_appraising
            if not (forms and shown):
                messages.error(request, str(error))
                return redirect("commissioning:appraisal_detail", pk=pk)
            forms[0].add_error(None, str(error))
        else:
            messages.success(request, "Scores saved for every option.")
            return redirect("commissioning:appraisal_detail", pk=pk)
    return _appraisal_page(request, commission, bound_score_forms=forms)


# --- The decision ----------------------------------------------------------------------
def _option_label(entry: selectors.RankedOption) -> str:
    kind = entry.option.get_kind_display()
    if entry.weighted is None:
        return f"{entry.option.title} ({kind}, not fully scored)"
    return f"{entry.option.title} ({kind}, weighted score {entry.weighted_display})"


@require_http_methods(["GET", "POST"])
@login_required
def appraisal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_editable_commission_for(request, pk)
    appraisal = selectors.appraisal_for(commission)
    # A late POST still reaches the service, which says why it is refused, and the form
    # comes back with what was typed.
    if not appraisal.commission.is_appraising and request.method == "GET":
        messages.error(request, "You can decide the route only during the options appraisal.")
        return redirect("commissioning:appraisal_detail", pk=commission.pk)
    choices = [(entry.option.pk, _option_label(entry)) for entry in appraisal.ranking]
    form = DecisionForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        option = next(
            e.option for e in appraisal.options if e.option.pk == form.cleaned_data["option"]
        )
        try:
            services.appraisal_decide(
                commission=appraisal.commission,
                option=option,
                rationale=form.cleaned_data["rationale"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if option.kind == OptionKind.CONTRACT and appraisal.specification is not None:
                messages.success(
                    request, f"Route decided: {option}. Carry on with the specification."
                )
                return redirect("commissioning:specification_detail", pk=commission.pk)
            return redirect("commissioning:appraisal_decided", pk=commission.pk)
    context = {
        "breadcrumbs": breadcrumbs.appraisal(appraisal.commission),
        "commission": appraisal.commission,
        "appraisal": appraisal,
        "form": form,
    }
    return render(request, "commissioning/appraisal/decision_form.html", context)


@require_GET
@login_required
def appraisal_decided(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_commission_for(request, pk)
    appraisal = selectors.appraisal_for(commission)
    if not appraisal.is_decided:
        return redirect("commissioning:appraisal_detail", pk=commission.pk)
    context = {
        "breadcrumbs": breadcrumbs.appraisal(appraisal.commission),
        "commission": appraisal.commission,
        "appraisal": appraisal,
        "chosen": appraisal.commission.chosen_option,
        "may_edit": permissions.can(request.user, "commissioning.edit", appraisal.commission),
        "may_add_contract": permissions.can(
            request.user, "contract.manage", appraisal.commission.organisation
        ),
    }
    return render(request, "commissioning/appraisal/decided.html", context)
