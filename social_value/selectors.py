"""Reads for social value measures, commitments and what was delivered."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from accounts.models import Organisation
from contracts.models import CheckIn, CheckInStatus, Side
from social_value.models import Commitment, DeliveryReturn, Measure, ReturnStatus, Theme


@dataclass(frozen=True)
class ThemeMeasures:
    theme: str
    label: str
    measures: list[Measure]


def measures_by_theme() -> list[ThemeMeasures]:
    """Active measures grouped by theme, in the order the UK Social Value Model lists them."""
    grouped: dict[str, list[Measure]] = {value: [] for value in Theme.values}
    for measure in Measure.objects.filter(is_active=True).order_by("name"):
        grouped.setdefault(measure.theme, []).append(measure)
    return [
        ThemeMeasures(theme=theme, label=Theme(theme).label, measures=measures)
        for theme, measures in grouped.items()
        if measures and theme in Theme.values
    ]


def commitments_for(contract) -> QuerySet[Commitment]:
    """A contract's promises, each with its returns (oldest first)."""
    return contract.commitments.select_related("measure").prefetch_related(
        Prefetch(
            "returns",
            queryset=DeliveryReturn.objects.select_related("submitted_by", "reviewed_by").order_by(
                "due_date", "pk"
            ),
        )
    )


def return_get(pk: int) -> DeliveryReturn | None:
    return (
        DeliveryReturn.objects.select_related(
            "commitment__measure",
            "commitment__contract__organisation",
            "commitment__contract__provider",
            "submitted_by",
            "reviewed_by",
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class PromisedDelivered:
    label: str
    unit: str
    promised: Decimal
    delivered: Decimal
    awaiting: Decimal


def promised_vs_delivered(commitments) -> list[PromisedDelivered]:
    """For each promise: the amount promised, verified as delivered, and awaiting checks.

    Only verified returns count as delivered, so a figure the manager has not checked
    never inflates the total. Uses the returns already loaded with the commitments.
    """
    rows = []
    for commitment in commitments:
        delivered = awaiting = Decimal(0)
        for delivery_return in commitment.returns.all():
            if delivery_return.quantity_delivered is None:
                continue
            if delivery_return.status == ReturnStatus.VERIFIED:
                delivered += delivery_return.quantity_delivered
            elif delivery_return.status == ReturnStatus.SUBMITTED:
                awaiting += delivery_return.quantity_delivered
        rows.append(
            PromisedDelivered(
                label=commitment.measure.name,
                unit=commitment.unit or commitment.measure.unit,
                promised=commitment.quantity,
                delivered=delivered,
                awaiting=awaiting,
            )
        )
    return rows


def promised_vs_delivered_by_measure(contracts: QuerySet) -> list[PromisedDelivered]:
    """Totals across many contracts (a supplier's or a mission's), one row per measure."""
    promised = dict(
        Commitment.objects.filter(contract__in=contracts)
        .values_list("measure_id")
        .annotate(total=Sum("quantity"))
    )
    delivered = dict(
        DeliveryReturn.objects.filter(
            commitment__contract__in=contracts, status=ReturnStatus.VERIFIED
        )
        .values_list("commitment__measure_id")
        .annotate(total=Sum("quantity_delivered"))
    )
    awaiting = dict(
        DeliveryReturn.objects.filter(
            commitment__contract__in=contracts, status=ReturnStatus.SUBMITTED
        )
        .values_list("commitment__measure_id")
        .annotate(total=Sum("quantity_delivered"))
    )
    measures = Measure.objects.filter(pk__in=promised).order_by("theme", "name")
    return [
        PromisedDelivered(
            label=measure.name,
            unit=measure.unit,
            promised=promised[measure.pk],
            delivered=delivered.get(measure.pk) or Decimal(0),
            awaiting=awaiting.get(measure.pk) or Decimal(0),
        )
        for measure in measures
    ]


# --- What waits for a provider ---------------------------------------------------------
WAITING_SHOWN = 25


@dataclass
class ProviderWaiting:
    """A provider's page of what waits for it: returns to write and check-ins to write its
    side of, nearest date first (the first WAITING_SHOWN of each, with the totals)."""

    returns: list[DeliveryReturn]
    return_count: int
    checkins: list[CheckIn]
    checkin_count: int


def provider_waiting(organisation: Organisation) -> ProviderWaiting:
    returns = (
        DeliveryReturn.objects.filter(
            commitment__contract__provider=organisation,
            status__in=[ReturnStatus.DUE, ReturnStatus.QUERIED],
        )
        .select_related("commitment__measure", "commitment__contract")
        .order_by("due_date", "pk")
    )
    checkins = (
        CheckIn.objects.filter(contract__provider=organisation)
        .exclude(status=CheckInStatus.PUBLISHED)
        .exclude(contributions__side=Side.PROVIDER, contributions__submitted_at__isnull=False)
        .select_related("contract")
        .order_by("held_on", "pk")
    )
    return ProviderWaiting(
        returns=list(returns[:WAITING_SHOWN]),
        return_count=returns.count(),
        checkins=list(checkins[:WAITING_SHOWN]),
        checkin_count=checkins.count(),
    )
