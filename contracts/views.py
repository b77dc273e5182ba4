"""The contract register, contract pages, check-ins and status changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.errors import DomainError
from accounts.models import Organisation
from contracts import selectors, services
from contracts.forms import CheckInForm, ContractForm, ExtendForm, TerminateForm
from contracts.models import Contract, ContractStatus

PAGE_SIZE = 25


def _paginate(request: HttpRequest, items: Any) -> Page:
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    # GOV.UK pagination shows the first, last and neighbouring pages, with gaps between.
    page.elided_range = list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page


def _add_domain_error(form: forms.Form, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _organisation_for_register(request: HttpRequest) -> Organisation:
    organisation = request.organisation
    # The middleware wraps the organisation lazily, so test its truth, not identity.
    if not organisation or not permissions.can(request.user, "contract.list", organisation):
        raise Http404
    return organisation


def _get_contract_for(request: HttpRequest, pk: int) -> Contract:
    """The contract, or 404 for anyone outside the buyer or the provider."""
    contract = selectors.contract_get(pk)
    if contract is None or not permissions.can(request.user, "contract.view", contract):
        raise Http404
    return contract


@require_GET
@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for_register(request)
    status = request.GET.get("status", "")
    if status not in ContractStatus.values:
        status = ""
    page = _paginate(request, selectors.contracts_for(organisation, status=status))
    context = {
        "organisation": organisation,
        "page": page,
        "status": status,
        "statuses": ContractStatus.choices,
        "may_create": organisation.is_public_body
        and permissions.can(request.user, "contract.manage", organisation),
    }
    return render(request, "contracts/contract_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def contract_create(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    if (
        not organisation
        or not organisation.is_public_body
        or not permissions.can(request.user, "contract.manage", organisation)
    ):
        raise Http404
    form = ContractForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            messages.success(request, f"{contract.title} is added to the contract register.")
            return redirect("contracts:contract_detail", pk=contract.pk)
    return render(
        request, "contracts/contract_form.html", {"form": form, "organisation": organisation}
    )


def _render_detail(
    request: HttpRequest,
    contract: Contract,
    *,
    checkin_form: CheckInForm | None = None,
    extend_form: ExtendForm | None = None,
    terminate_form: TerminateForm | None = None,
) -> HttpResponse:
    may_manage = permissions.can(request.user, "contract.manage", contract)
    next_statuses = services.ALLOWED[contract.status] if may_manage else set()
    bound = next(
        (form for form in (checkin_form, extend_form, terminate_form) if form is not None), None
    )
    context: dict[str, Any] = {
        "contract": contract,
        "checkins": _paginate(request, selectors.checkins_for(contract)),
        "may_write_checkin": permissions.can(request.user, "checkin.write", contract),
        "checkin_form": checkin_form or CheckInForm(),
        "may_start": ContractStatus.ACTIVE in next_statuses,
        "may_extend": ContractStatus.IN_EXTENSION in next_statuses,
        "may_expire": ContractStatus.EXPIRED in next_statuses,
        "may_terminate": ContractStatus.TERMINATED in next_statuses,
        "extend_form": extend_form or ExtendForm(),
        "terminate_form": terminate_form or TerminateForm(),
        "error_form": bound,
        "is_provider_view": contract.provider_id is not None
        and bool(request.organisation)
        and request.organisation.pk == contract.provider_id,
    }
    return render(request, "contracts/contract_detail.html", context)


@require_GET
@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_contract_for(request, pk))


@require_POST
@login_required
def checkin_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _get_contract_for(request, pk)
    if not permissions.can(request.user, "checkin.write", contract):
        raise Http404
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.checkin_record(contract=contract, by=request.user, **form.cleaned_data)
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            messages.success(request, "Your check-in is recorded.")
            return redirect("contracts:contract_detail", pk=contract.pk)
    return _render_detail(request, contract, checkin_form=form)


@require_POST
@login_required
def contract_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a contract on: start, extend, mark as expired or end early."""
    contract = _get_contract_for(request, pk)
    if not permissions.can(request.user, "contract.manage", contract):
        raise Http404
    to = request.POST.get("to", "")
    extend_form = terminate_form = None
    try:
        if to == ContractStatus.ACTIVE:
            services.contract_start(contract=contract, by=request.user)
        elif to == ContractStatus.EXPIRED:
            services.contract_expire(contract=contract, by=request.user)
        elif to == ContractStatus.IN_EXTENSION:
            extend_form = ExtendForm(request.POST)
            if not extend_form.is_valid():
                return _render_detail(request, contract, extend_form=extend_form)
            services.contract_extend(contract=contract, by=request.user, **extend_form.cleaned_data)
        elif to == ContractStatus.TERMINATED:
            terminate_form = TerminateForm(request.POST)
            if not terminate_form.is_valid():
                return _render_detail(request, contract, terminate_form=terminate_form)
            services.contract_terminate(
                contract=contract, by=request.user, **terminate_form.cleaned_data
            )
        else:
            raise Http404
    except PermissionDenied:
        raise Http404 from None
    except DomainError as error:
        form = extend_form or terminate_form
        if form is None:
            messages.error(request, str(error))
            return redirect("contracts:contract_detail", pk=contract.pk)
        _add_domain_error(form, error)
        return _render_detail(
            request, contract, extend_form=extend_form, terminate_form=terminate_form
        )
    contract.refresh_from_db(fields=["status"])
    messages.success(request, f"The contract is now {contract.get_status_display().lower()}.")
    return redirect("contracts:contract_detail", pk=contract.pk)
