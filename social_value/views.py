"""Social value: the open measures, and each contract's promises and what was delivered."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from contracts import selectors as contract_selectors
from contracts.models import Contract
from core.errors import DomainError
from core.forms import add_domain_error, submit_form
from core.ids import id_from
from core.private_files import private_file_response
from core.uploads import content_type_for
from social_value import selectors, services
from social_value.charts import promised_delivered_chart
from social_value.forms import (
    CommitmentForm,
    ReturnQueryForm,
    ReturnsRequestForm,
    ReturnSubmitForm,
)
from social_value.models import DeliveryReturn, ReturnStatus


@require_GET
def measure_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "social_value/measure_list.html", {"themes": selectors.measures_by_theme()}
    )


def _get_contract_for(request: HttpRequest, pk: int) -> Contract:
    """The contract, or 404 for anyone outside the buyer or the provider."""
    contract = contract_selectors.contract_get(pk)
    if contract is None or not permissions.can(request.user, "contract.view", contract):
        raise Http404
    return contract


def _get_return_for(request: HttpRequest, pk: int) -> DeliveryReturn:
    delivery_return = selectors.return_get(pk)
    if delivery_return is None or not permissions.can(
        request.user, "contract.view", delivery_return.commitment.contract
    ):
        raise Http404
    return delivery_return


def _render_contract(
    request: HttpRequest,
    contract: Contract,
    *,
    commitment_form: CommitmentForm | None = None,
    request_form: ReturnsRequestForm | None = None,
) -> HttpResponse:
    commitments = list(selectors.commitments_for(contract))
    rows = selectors.promised_vs_delivered(commitments)
    return render(
        request,
        "social_value/contract_social_value.html",
        {
            "contract": contract,
            "commitments": commitments,
            "rows": rows,
            "chart": promised_delivered_chart(rows),
            "may_manage": permissions.can(request.user, "contract.manage", contract),
            "may_provide": permissions.can(request.user, "contract.provide", contract),
            "commitment_form": commitment_form or CommitmentForm(),
            "request_form": request_form or ReturnsRequestForm(prefix="returns"),
            "error_form": commitment_form or request_form,
        },
    )


@require_GET
@login_required
def contract_social_value(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_contract(request, _get_contract_for(request, pk))


@require_POST
@login_required
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _get_contract_for(request, pk)
    if not permissions.can(request.user, "contract.manage", contract):
        raise Http404
    form = CommitmentForm(request.POST)
    if submit_form(
        form, lambda data: services.commitment_add(contract=contract, by=request.user, **data)
    ):
        messages.success(request, "The commitment is added.")
        return redirect("social_value:contract_social_value", pk=contract.pk)
    return _render_contract(request, contract, commitment_form=form)


@require_POST
@login_required
def returns_request(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _get_contract_for(request, pk)
    if not permissions.can(request.user, "contract.manage", contract):
        raise Http404
    form = ReturnsRequestForm(request.POST, prefix="returns")
    if form.is_valid():
        try:
            created = services.returns_request(
                contract=contract, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"{len(created)} return{'s' if len(created) != 1 else ''} requested "
                "from the provider.",
            )
            return redirect("social_value:contract_social_value", pk=contract.pk)
    return _render_contract(request, contract, request_form=form)


def _render_return(
    request: HttpRequest,
    delivery_return: DeliveryReturn,
    *,
    submit_form: ReturnSubmitForm | None = None,
    query_form: ReturnQueryForm | None = None,
) -> HttpResponse:
    contract = delivery_return.commitment.contract
    may_submit = delivery_return.status in {
        ReturnStatus.DUE,
        ReturnStatus.QUERIED,
    } and permissions.can(request.user, "contract.provide", contract)
    may_review = delivery_return.status == ReturnStatus.SUBMITTED and permissions.can(
        request.user, "contract.manage", contract
    )
    unit = delivery_return.commitment.unit or delivery_return.commitment.measure.unit
    initial = {}
    if delivery_return.quantity_delivered is not None:
        initial = {
            "quantity_delivered": delivery_return.quantity_delivered,
            "evidence": delivery_return.evidence,
        }
    return render(
        request,
        "social_value/return_detail.html",
        {
            "contract": contract,
            "delivery_return": delivery_return,
            "may_submit": may_submit,
            "may_review": may_review,
            "submit_form": submit_form or ReturnSubmitForm(initial=initial, unit=unit),
            "query_form": query_form or ReturnQueryForm(),
            "error_form": submit_form or query_form,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery_return = _get_return_for(request, pk)
    if request.method == "GET":
        return _render_return(request, delivery_return)
    action = request.POST.get("action", "")
    contract = delivery_return.commitment.contract
    try:
        if action == "submit":
            if not permissions.can(request.user, "contract.provide", contract):
                raise Http404
            form = ReturnSubmitForm(request.POST, request.FILES)
            if not form.is_valid():
                return _render_return(request, delivery_return, submit_form=form)
            try:
                services.return_submit(
                    delivery_return=delivery_return, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(form, error)
                return _render_return(request, delivery_return, submit_form=form)
            messages.success(request, "Your return is submitted.")
        elif action == "verify":
            if not permissions.can(request.user, "contract.manage", contract):
                raise Http404
            services.return_verify(delivery_return=delivery_return, by=request.user)
            messages.success(request, "The return is verified.")
        elif action == "query":
            if not permissions.can(request.user, "contract.manage", contract):
                raise Http404
            form = ReturnQueryForm(request.POST)
            if not submit_form(
                form,
                lambda data: services.return_query(
                    delivery_return=delivery_return, by=request.user, **data
                ),
            ):
                return _render_return(request, delivery_return, query_form=form)
            messages.success(request, "Your question is sent to the provider.")
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("social_value:contract_social_value", pk=contract.pk)


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file of a return, for the buyer and the provider only."""
    delivery_return = _get_return_for(request, pk)
    if not delivery_return.evidence_file:
        raise Http404
    return private_file_response(
        delivery_return.evidence_file,
        filename=delivery_return.evidence_file_name or "evidence",
        content_type=content_type_for(delivery_return.evidence_file.name),
    )


@require_GET
@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """Promised against delivered across the register: all, or by supplier, or by mission."""
    organisation = request.organisation
    if not organisation or not permissions.can(request.user, "contract.list", organisation):
        raise Http404
    contracts = contract_selectors.contracts_scope(organisation)
    missions = (
        contract_selectors.mission_choices(organisation) if organisation.is_public_body else []
    )
    suppliers = (
        contract_selectors.provider_choices().filter(provided_contracts__in=contracts).distinct()
        if organisation.is_public_body
        else []
    )
    mission_id = id_from(request.GET.get("mission"))
    supplier_id = id_from(request.GET.get("supplier"))
    if mission_id is not None:
        contracts = contracts.filter(missions__pk=mission_id)
    if supplier_id is not None:
        contracts = contracts.filter(provider_id=supplier_id)
    rows = selectors.promised_vs_delivered_by_measure(contracts.values("pk"))
    return render(
        request,
        "social_value/summary.html",
        {
            "organisation": organisation,
            "rows": rows,
            "chart": promised_delivered_chart(rows),
            "missions": missions,
            "suppliers": suppliers,
            "mission_id": mission_id,
            "supplier_id": supplier_id,
        },
    )


@require_GET
@login_required
def provider_waiting(request: HttpRequest) -> HttpResponse:
    """A provider's returns and check-ins that wait for it, reached from the navigation."""
    organisation = request.organisation
    if (
        not organisation
        or not organisation.is_supplier
        or not permissions.can(request.user, "contract.list", organisation)
    ):
        raise Http404
    context = {"organisation": organisation, "waiting": selectors.provider_waiting(organisation)}
    return render(request, "social_value/provider_waiting.html", context)
