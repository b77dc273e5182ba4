"""Reads joining contracts to mission indicators and their readings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from commissioning.models import Indicator, IndicatorReading
from contracts.models import Contract, Kpi, ReadingContribution


def contributing_contract_choices(
    indicator: Indicator, reading: IndicatorReading | None = None
) -> QuerySet[Contract]:
    """The contracts a reading may be attributed to: the council's contracts serving the
    indicator's outcome or mission, and any the reading already names."""
    outcome = indicator.outcome
    serving = Q(outcomes=outcome) | Q(missions=outcome.mission_id)
    if reading is not None:
        serving |= Q(reading_contributions__reading=reading)
    return (
        Contract.objects.filter(serving, organisation_id=outcome.mission.organisation_id)
        .distinct()
        .order_by("title", "pk")
    )


def indicator_choices(organisation_id: int) -> QuerySet[Indicator]:
    """Every indicator of the council's missions, by mission, outcome and name."""
    return (
        Indicator.objects.filter(outcome__mission__organisation_id=organisation_id)
        .select_related("outcome__mission")
        .order_by("outcome__mission__title", "outcome__position", "outcome__pk", "name", "pk")
    )


def kpi_get(contract: Contract, kpi_pk: int) -> Kpi | None:
    return contract.kpis.select_related("indicator__outcome__mission").filter(pk=kpi_pk).first()


@dataclass
class IndicatorContracts:
    """For an indicator page: the KPIs feeding the indicator (with their contracts), and for
    each reading shown, the contracts that contributed (`rows`: reading, contracts)."""

    kpis: list[Kpi] = field(default_factory=list)
    rows: list[tuple[IndicatorReading, list[Contract]]] = field(default_factory=list)


def indicator_contracts(
    indicator: Indicator, readings: Sequence[IndicatorReading]
) -> IndicatorContracts:
    """Two queries, whatever the number of readings and contracts."""
    kpis = list(indicator.kpis.select_related("contract").order_by("contract__title", "name"))
    by_reading: dict[int, list[Contract]] = {}
    contributions = (
        ReadingContribution.objects.filter(reading__in=[reading.pk for reading in readings])
        .select_related("contract")
        .order_by("contract__title", "pk")
    )
    for contribution in contributions:
        by_reading.setdefault(contribution.reading_id, []).append(contribution.contract)
    rows = [(reading, by_reading.get(reading.pk, [])) for reading in readings]
    return IndicatorContracts(kpis=kpis, rows=rows)
