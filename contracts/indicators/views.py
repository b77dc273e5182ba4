"""Recording an indicator reading with its contracts, and choosing the indicator a KPI
feeds. The indicator page itself is commissioning's (commissioning:indicator_detail)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts import permissions
from commissioning import selectors as commissioning_selectors
from commissioning.models import Indicator, IndicatorReading
from contracts import selectors as contract_selectors
from contracts.indicators import selectors, services
from contracts.indicators.forms import AttributedReadingForm, KpiIndicatorForm
from core.forms import submit_form


def _indicator_url(indicator_pk: int) -> str:
    return f"{reverse('commissioning:indicator_detail', args=[indicator_pk])}#readings"


def _get_indicator_for(request: HttpRequest, pk: int) -> Indicator:
    indicator = commissioning_selectors.indicator_get(pk)
    if indicator is None or not permissions.can(
        request.user, "commissioning.view", indicator.outcome.mission
    ):
        raise Http404
    return indicator


def _get_reading_for(request: HttpRequest, pk: int) -> IndicatorReading:
    reading = commissioning_selectors.reading_get(pk)
    if reading is None or not permissions.can(
        request.user, "commissioning.view", reading.indicator.outcome.mission
    ):
        raise Http404
    return reading


def _reading_page(
    request: HttpRequest, form: AttributedReadingForm, indicator: Indicator, reading=None
) -> HttpResponse:
    context = {
        "form": form,
        "indicator": indicator,
        "outcome": indicator.outcome,
        "mission": indicator.outcome.mission,
        "reading": reading,
    }
    return render(request, "contracts/indicator_reading_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_reading_create(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _get_indicator_for(request, pk)
    mission = indicator.outcome.mission
    permissions.require(request.user, "indicator.record", mission)
    form = AttributedReadingForm(
        request.POST or None,
        organisation=mission.organisation,
        contracts=selectors.contributing_contract_choices(indicator),
    )
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.attributed_reading_record(
            indicator=indicator,
            by=request.user,
            contracts=data.pop("contracts", []),
            **data,
        ),
    ):
        messages.success(request, f"Reading recorded for “{indicator.name}”.")
        return redirect(_indicator_url(indicator.pk))
    return _reading_page(request, form, indicator)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_reading_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reading = _get_reading_for(request, pk)
    indicator = reading.indicator
    permissions.require(request.user, "indicator_reading.change", reading)
    contracts = selectors.contributing_contract_choices(indicator, reading)
    initial = {name: getattr(reading, name) for name in services.READING_FIELDS}
    # 44, not 44.00: the figure as it was typed.
    initial["value"] = f"{reading.value.normalize():f}"
    initial["contracts"] = list(contracts.filter(reading_contributions__reading=reading))
    form = AttributedReadingForm(
        request.POST or None,
        initial=initial,
        organisation=indicator.outcome.mission.organisation,
        contracts=contracts,
    )
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.attributed_reading_update(
            reading=reading, by=request.user, contracts=data.pop("contracts", []), **data
        ),
    ):
        messages.success(request, "Reading updated.")
        return redirect(_indicator_url(indicator.pk))
    return _reading_page(request, form, indicator, reading)


@require_http_methods(["GET", "POST"])
@login_required
def kpi_indicator(request: HttpRequest, pk: int, kpi_pk: int) -> HttpResponse:
    contract = contract_selectors.contract_get(pk)
    if contract is None or not permissions.can(request.user, "contract.view", contract):
        raise Http404
    if not permissions.can(request.user, "contract.manage", contract):
        raise Http404
    kpi = selectors.kpi_get(contract, kpi_pk)
    if kpi is None:
        raise Http404
    form = KpiIndicatorForm(
        request.POST or None,
        initial={"indicator": kpi.indicator},
        indicators=selectors.indicator_choices(contract.organisation_id),
    )
    mapped: list[services.KpiMapped] = []
    if request.method == "POST" and submit_form(
        form,
        lambda data: mapped.append(
            services.kpi_indicator_map(kpi=kpi, indicator=data["indicator"], by=request.user)
        ),
    ):
        messages.success(request, services.kpi_mapped_message(mapped[0]))
        return redirect(f"{reverse('contracts:contract_detail', args=[contract.pk])}#kpis")
    context = {
        "contract": contract,
        "form": form,
        "title": f"Mission indicator for the KPI “{kpi.name}”",
        "submit_label": "Save",
        "intro": "When this KPI measures progress towards one of your missions' outcomes, "
        "say which indicator it feeds. Its readings must then be numbers.",
    }
    return render(request, "contracts/form_page.html", context)
