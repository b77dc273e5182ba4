"""Reads for commissioning pages, each with a constant number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from accounts.models import BUYER_STAFF_ROLES, Organisation, User
from commissioning.models import (
    Commission,
    Mission,
    Need,
    Place,
)
from commissioning.specifications.selectors import specification_for
from contracts.models import Contract
from procurement.models import Tender


# --- Missions --------------------------------------------------------------------------
def missions_for(organisation: Organisation) -> QuerySet[Mission]:
    """An organisation's missions for the list page, with how much hangs off each."""
    return (
        Mission.objects.filter(organisation=organisation)
        .select_related("lead")
        .annotate(
            need_count=Count("needs", distinct=True),
            commission_count=Count("commissions", distinct=True),
        )
        .order_by("title", "pk")
    )


def mission_get(pk: int) -> Mission | None:
    """A mission with its lead, or None."""
    return Mission.objects.select_related("lead", "organisation").filter(pk=pk).first()


def mission_detail(mission: Mission) -> dict[str, object]:
    """Everything a mission page shows: needs, commissions, tenders and contracts."""
    needs = list(mission.needs.order_by("title", "pk"))
    commissions = list(mission.commissions.select_related("owner").order_by("title", "pk"))
    tenders = list(
        Tender.objects.filter(commission__missions=mission)
        .select_related("commission")
        .distinct()
        .order_by("-submission_deadline", "-pk")
    )
    contracts = list(
        Contract.objects.filter(missions=mission)
        .select_related("provider")
        .order_by("end_date", "pk")
    )
    return {
        "needs": needs,
        "commissions": commissions,
        "tenders": tenders,
        "contracts": contracts,
        "contract_total": sum((contract.value for contract in contracts), Decimal(0)),
    }


def mission_choices(organisation: Organisation) -> QuerySet[Mission]:
    return Mission.objects.filter(organisation=organisation).order_by("title", "pk")


def place_choices(organisation: Organisation) -> QuerySet[Place]:
    return Place.objects.filter(organisation=organisation).order_by("name", "pk")


def need_choices(organisation: Organisation) -> QuerySet[Need]:
    return Need.objects.filter(organisation=organisation).order_by("title", "pk")


def staff_choices(organisation: Organisation) -> QuerySet[User]:
    """People who may lead a mission: the organisation's buyer-side staff."""
    return (
        User.objects.filter(
            memberships__organisation=organisation, memberships__role__in=BUYER_STAFF_ROLES
        )
        .distinct()
        .order_by("full_name", "email")
    )


# --- Needs -----------------------------------------------------------------------------
def needs_for(organisation: Organisation) -> QuerySet[Need]:
    """An organisation's needs, newest first, with their missions and places."""
    return (
        Need.objects.filter(organisation=organisation)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("missions", queryset=Mission.objects.order_by("title")),
            Prefetch("places", queryset=Place.objects.order_by("name")),
        )
        .order_by("-created_at", "-pk")
    )


def need_get(pk: int) -> Need | None:
    """A need with its missions, places and the commissions that answer it, or None."""
    return (
        Need.objects.select_related("created_by")
        .prefetch_related(
            Prefetch("missions", queryset=Mission.objects.order_by("title")),
            Prefetch("places", queryset=Place.objects.order_by("name")),
            Prefetch("commissions", queryset=Commission.objects.order_by("title")),
        )
        .filter(pk=pk)
        .first()
    )


# --- Commissions -----------------------------------------------------------------------
def commissions_for(organisation: Organisation) -> QuerySet[Commission]:
    """An organisation's commissions, most recently changed first, with their missions."""
    return (
        Commission.objects.filter(organisation=organisation)
        .select_related("owner")
        .prefetch_related(Prefetch("missions", queryset=Mission.objects.order_by("title")))
        .annotate(need_count=Count("needs", distinct=True))
        .order_by("-updated_at", "-pk")
    )


def commission_get(pk: int) -> Commission | None:
    """A commission with its owner, or None. Enough to decide who may see it."""
    return Commission.objects.select_related("owner").filter(pk=pk).first()


def commission_detail(commission: Commission) -> dict[str, object]:
    """Everything a commission page shows, loaded in a fixed number of queries."""
    commission = (
        Commission.objects.select_related("owner")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("title")),
            Prefetch("missions", queryset=Mission.objects.order_by("title")),
            Prefetch("places", queryset=Place.objects.order_by("name")),
            Prefetch(
                "tenders",
                queryset=Tender.objects.select_related("specification_version").order_by(
                    "-submission_deadline", "-pk"
                ),
            ),
        )
        .get(pk=commission.pk)
    )
    specification = specification_for(commission)
    versions = list(specification.versions.all()) if specification else []
    return {"commission": commission, "specification": specification, "versions": versions}
