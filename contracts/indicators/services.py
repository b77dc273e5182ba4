"""Writes linking contracts to indicator readings.

A reading is recorded by commissioning's services; these add which contracts contributed,
in the same transaction. A KPI mapped to an indicator feeds it: each KPI reading becomes
(or updates) a reading of the indicator, attributed to the KPI's contract.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from accounts.services import audit_record
from commissioning import services as commissioning_services
from commissioning.models import Indicator, IndicatorReading
from contracts.models import Contract, Kpi, KpiReading, ReadingContribution
from core.errors import DomainError

# --- Readings attributed to contracts ------------------------------------------------------
READING_FIELDS = commissioning_services.READING_EDITABLE_FIELDS


def _check_contracts(contracts: Iterable[Contract], organisation_id: int) -> list[Contract]:
    contracts = list(contracts)
    if any(contract.organisation_id != organisation_id for contract in contracts):
        raise DomainError("Choose contracts of your own council.", field="contracts")
    return contracts


def _set_contributions(*, reading: IndicatorReading, contracts: list[Contract]) -> list[str]:
    """Make the reading's contributing contracts exactly `contracts`; the titles changed."""
    existing = {c.contract_id: c for c in reading.contributions.select_related("contract")}
    wanted = {contract.pk: contract for contract in contracts}
    removed = [c for pk, c in existing.items() if pk not in wanted and c.kpi_reading_id is None]
    ReadingContribution.objects.filter(pk__in=[c.pk for c in removed]).delete()
    added = [contract for pk, contract in wanted.items() if pk not in existing]
    ReadingContribution.objects.bulk_create(
        ReadingContribution(reading=reading, contract=contract) for contract in added
    )
    return [f"-{c.contract.title}" for c in removed] + [f"+{c.title}" for c in added]


@transaction.atomic
def attributed_reading_record(
    *, indicator: Indicator, contracts: Iterable[Contract], by: User, **fields: Any
) -> IndicatorReading:
    """Record a reading of an indicator (commissioning's rules) with the contracts that
    contributed to it, which must be the same council's."""
    contracts = _check_contracts(contracts, indicator.outcome.mission.organisation_id)
    reading = commissioning_services.indicator_reading_record(indicator=indicator, by=by, **fields)
    if _set_contributions(reading=reading, contracts=contracts):
        audit_record(
            actor=by,
            verb="attributed",
            target=reading,
            organisation=indicator.outcome.mission.organisation,
            changes={"contracts": [contract.title for contract in contracts]},
        )
    return reading


@transaction.atomic
def attributed_reading_update(
    *, reading: IndicatorReading, contracts: Iterable[Contract], by: User, **fields: Any
) -> IndicatorReading:
    """Correct a reading and the contracts that contributed to it; only whoever recorded
    it may (commissioning's rule)."""
    reading = commissioning_services.indicator_reading_update(reading=reading, by=by, **fields)
    contracts = _check_contracts(contracts, reading.organisation_id)
    if changed := _set_contributions(reading=reading, contracts=contracts):
        audit_record(actor=by, verb="attributed", target=reading, changes={"contracts": changed})
    return reading


# --- KPIs that feed an indicator -----------------------------------------------------------
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def kpi_number(value: str) -> Decimal | None:
    """The number in a KPI reading as people write it ("38", "38%", "£1,200.50", "-3"),
    or None when it is not one number ("Good", "12 of 40")."""
    cleaned = value.strip().replace(",", "").removeprefix("£").removesuffix("%").strip()
    if not NUMBER.fullmatch(cleaned):
        return None
    try:
        return Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def kpi_reading_date(reading: KpiReading) -> datetime.date:
    """The date an indicator reading taken from this KPI reading carries: the check-in it
    was given at, else the day it was recorded. (A KPI reading's period is free text, such
    as "April to June 2027", so it cannot be read as a date.)"""
    if reading.checkin_id is not None:
        return reading.checkin.held_on
    return timezone.localdate(reading.recorded_at)


def _source_of(kpi: Kpi) -> str:
    return f"KPI “{kpi.name}”, {kpi.contract.title}"


def check_kpi_value(*, kpi: Kpi, value: str) -> None:
    """A KPI that feeds an indicator takes numbers only, so that each reading can go on
    the indicator's chart."""
    if kpi.indicator_id is not None and kpi_number(value) is None:
        raise DomainError(
            f"Enter the reading as a number, like 38 or 38%, because this KPI feeds the "
            f"indicator “{kpi.indicator.name}”.",
            field="value",
        )


def kpi_reading_feed(*, kpi_reading: KpiReading, by: User | None) -> IndicatorReading | None:
    """Put a KPI reading on the indicator its KPI is mapped to (creating or updating the
    indicator reading), attributed to the KPI's contract. For the services that record KPI
    readings, which check who may; returns None when the KPI feeds nothing or the value is
    not a number."""
    kpi = kpi_reading.kpi
    value = kpi_number(kpi_reading.value)
    if kpi.indicator_id is None or value is None:
        return None
    contribution = ReadingContribution.objects.filter(kpi_reading=kpi_reading).first()
    reading = commissioning_services.indicator_reading_take(
        indicator=kpi.indicator,
        value=value,
        date=kpi_reading_date(kpi_reading),
        source=_source_of(kpi),
        note=f"{kpi_reading.period}. {kpi_reading.note}".strip().removesuffix("."),
        reading=contribution.reading if contribution else None,
        by=by,
    )
    if contribution is None:
        ReadingContribution.objects.create(
            reading=reading, contract_id=kpi.contract_id, kpi_reading=kpi_reading
        )
    return reading


@dataclass(frozen=True)
class KpiMapped:
    kpi: Kpi
    carried: int
    skipped: list[str]


@transaction.atomic
def kpi_indicator_map(*, kpi: Kpi, indicator: Indicator | None, by: User) -> KpiMapped:
    """Say which mission indicator a contract KPI feeds, or that it feeds none.

    The contract's managers decide, and only an indicator of the same council will do.
    The KPI's readings so far are carried over (moved, if it fed another indicator);
    a reading that is not a number is left out and named. Mapping to none removes the
    readings taken from this KPI, which live on in the KPI itself.
    """
    kpi = Kpi.objects.select_for_update().select_related("contract").get(pk=kpi.pk)
    permissions.require(by, "contract.manage", kpi.contract)
    if indicator is not None and indicator.outcome.mission.organisation_id != (
        kpi.contract.organisation_id
    ):
        raise DomainError("Choose one of your council's indicators.", field="indicator")
    before = kpi.indicator
    kpi.indicator = indicator
    kpi.save(update_fields=["indicator"])
    audit_record(
        actor=by,
        verb="mapped",
        target=kpi,
        changes={
            "indicator": [str(before) if before else None, str(indicator) if indicator else None]
        },
    )
    readings = list(kpi.readings.select_related("checkin").order_by("recorded_at", "pk"))
    if indicator is None:
        taken = IndicatorReading.objects.filter(contributions__kpi_reading__kpi=kpi)
        taken.delete()
        return KpiMapped(kpi=kpi, carried=0, skipped=[])
    carried, skipped = 0, []
    for kpi_reading in readings:
        kpi_reading.kpi = kpi
        if kpi_reading_feed(kpi_reading=kpi_reading, by=by):
            carried += 1
        else:
            skipped.append(kpi_reading.period)
    return KpiMapped(kpi=kpi, carried=carried, skipped=skipped)


def kpi_mapped_message(mapped: KpiMapped) -> str:
    """What the manager is told after choosing a KPI's indicator."""
    indicator = mapped.kpi.indicator
    if indicator is None:
        return f"“{mapped.kpi.name}” no longer feeds an indicator."
    message = f"“{mapped.kpi.name}” now feeds “{indicator.name}”."
    if mapped.carried:
        message += f" {mapped.carried} reading{'s' if mapped.carried != 1 else ''} carried over."
    if mapped.skipped:
        message += f" Not carried over, because they are not numbers: {', '.join(mapped.skipped)}."
    return message
