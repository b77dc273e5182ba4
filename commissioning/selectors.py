"""Reads for commissioning pages, each with a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from accounts.models import BUYER_STAFF_ROLES, Organisation, User
from commissioning.models import (
    Commission,
    EvidenceItem,
    EvidenceKind,
    Indicator,
    Mission,
    Need,
    Outcome,
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


def evidence_base(items: list[EvidenceItem]) -> dict[str, list[EvidenceItem]]:
    """Evidence sorted for reading: residents' words first, then figures, then the rest."""
    return {
        "community_voice": [i for i in items if i.kind == EvidenceKind.COMMUNITY_VOICE],
        "data_points": [i for i in items if i.kind == EvidenceKind.DATA_POINT],
        "other": [
            i
            for i in items
            if i.kind not in (EvidenceKind.COMMUNITY_VOICE, EvidenceKind.DATA_POINT)
        ],
    }


def mission_detail(mission: Mission) -> dict[str, object]:
    """Everything a mission page shows: its outcomes framework, needs and their evidence,
    commissions, tenders and contracts with the total contracted spend."""
    outcomes = list(
        mission.outcomes.prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk"))
        ).order_by("position", "pk")
    )
    needs = list(mission.needs.order_by("title", "pk"))
    evidence = list(
        EvidenceItem.objects.filter(need__missions=mission)
        .select_related("need")
        .order_by("need__title", "-source_date", "-pk")
    )
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
        "outcomes": outcomes,
        "needs": needs,
        "evidence_count": len(evidence),
        "evidence": evidence_base(evidence),
        "commissions": commissions,
        "tenders": tenders,
        "contracts": contracts,
        "contract_total": sum((contract.value for contract in contracts), Decimal(0)),
    }


def outcome_get(pk: int) -> Outcome | None:
    """An outcome with its mission, enough to decide who may change it."""
    return Outcome.objects.select_related("mission__organisation").filter(pk=pk).first()


def indicator_get(pk: int) -> Indicator | None:
    """An indicator with its outcome and mission, enough to decide who may change it."""
    return Indicator.objects.select_related("outcome__mission__organisation").filter(pk=pk).first()


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
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("-created_at", "-pk")
    )


def need_get(pk: int) -> Need | None:
    """A need with its missions, places, evidence and the commissions that answer it."""
    return (
        Need.objects.select_related("created_by", "organisation")
        .prefetch_related(
            Prefetch("missions", queryset=Mission.objects.order_by("title")),
            Prefetch("places", queryset=Place.objects.order_by("name")),
            Prefetch("commissions", queryset=Commission.objects.order_by("title")),
            Prefetch(
                "evidence",
                queryset=EvidenceItem.objects.select_related("created_by").order_by(
                    "-source_date", "-created_at", "-pk"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def evidence_get(pk: int) -> EvidenceItem | None:
    """A piece of evidence with its need, enough to decide who may see it."""
    return EvidenceItem.objects.select_related("need__organisation").filter(pk=pk).first()


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


# --- Places ------------------------------------------------------------------------------
@dataclass
class PlaceNode:
    place: Place
    children: list[PlaceNode] = field(default_factory=list)


def places_tree(organisation: Organisation) -> list[PlaceNode]:
    """The organisation's places as a tree, in one query: the top-level places, each with
    the places inside it, alphabetical at every level."""
    places = list(Place.objects.filter(organisation=organisation).order_by("name", "pk"))
    nodes = {place.pk: PlaceNode(place) for place in places}
    roots: list[PlaceNode] = []
    for place in places:
        parent = nodes.get(place.parent_id) if place.parent_id else None
        (parent.children if parent else roots).append(nodes[place.pk])
    return roots


def place_get(pk: int) -> Place | None:
    """A place with its parent, or None."""
    return Place.objects.select_related("parent", "organisation").filter(pk=pk).first()


@dataclass
class SpendGroup:
    """One row of the place-based lens: what touches the place in one spend area or mission."""

    label: str
    needs: int = 0
    commissions: int = 0
    budget_max: Decimal = Decimal(0)
    contracts: int = 0
    contracted: Decimal = Decimal(0)


def place_detail(place: Place) -> dict[str, object]:
    """The place-based lens: needs, commissions and contracts tagged with this place or any
    place inside it, grouped by spend category and by mission, with totals."""
    places = list(
        Place.objects.filter(organisation_id=place.organisation_id).only(
            "pk", "name", "kind", "parent_id", "organisation_id"
        )
    )
    by_pk = {p.pk: p for p in places}
    children: dict[int | None, list[Place]] = {}
    for p in places:
        children.setdefault(p.parent_id, []).append(p)
    covered = [place.pk]
    for pk in covered:
        covered.extend(child.pk for child in children.get(pk, []) if child.pk not in covered)
    ancestors = []
    parent_pk, seen = place.parent_id, {place.pk}
    while parent_pk and parent_pk not in seen and parent_pk in by_pk:
        seen.add(parent_pk)
        ancestors.insert(0, by_pk[parent_pk])
        parent_pk = by_pk[parent_pk].parent_id
    direct_children = sorted(children.get(place.pk, []), key=lambda p: p.name)

    missions_in_order = Prefetch("missions", queryset=Mission.objects.order_by("title"))
    places_here = Prefetch(
        "places", queryset=Place.objects.filter(pk__in=covered).order_by("name"), to_attr="here"
    )
    needs = list(
        Need.objects.filter(places__in=covered)
        .distinct()
        .prefetch_related(missions_in_order, places_here)
        .order_by("title", "pk")
    )
    commissions = list(
        Commission.objects.filter(places__in=covered)
        .distinct()
        .select_related("owner")
        .prefetch_related(missions_in_order, places_here)
        .order_by("spend_category", "title", "pk")
    )
    contracts = list(
        Contract.objects.filter(places__in=covered)
        .distinct()
        .select_related("provider", "commission")
        .prefetch_related(missions_in_order, places_here)
        .order_by("title", "pk")
    )

    uncategorised = "No spend category"
    by_category: dict[str, SpendGroup] = {}
    for commission in commissions:
        group = by_category.setdefault(
            commission.spend_category or uncategorised,
            SpendGroup(commission.spend_category or uncategorised),
        )
        group.commissions += 1
        group.budget_max += commission.budget_max or Decimal(0)
    for contract in contracts:
        category = (contract.commission.spend_category if contract.commission else "") or (
            uncategorised
        )
        group = by_category.setdefault(category, SpendGroup(category))
        group.contracts += 1
        group.contracted += contract.value

    no_mission = "No mission"
    by_mission: dict[str, SpendGroup] = {}

    def mission_groups(record: Need | Commission | Contract) -> list[SpendGroup]:
        labels = [mission.title for mission in record.missions.all()] or [no_mission]
        return [by_mission.setdefault(label, SpendGroup(label)) for label in labels]

    for need in needs:
        for group in mission_groups(need):
            group.needs += 1
    for commission in commissions:
        for group in mission_groups(commission):
            group.commissions += 1
            group.budget_max += commission.budget_max or Decimal(0)
    for contract in contracts:
        for group in mission_groups(contract):
            group.contracts += 1
            group.contracted += contract.value

    def in_order(groups: dict[str, SpendGroup], last: str) -> list[SpendGroup]:
        return sorted(groups.values(), key=lambda g: (g.label == last, g.label.lower()))

    return {
        "ancestors": ancestors,
        "children": direct_children,
        "covered_count": len(covered),
        "needs": needs,
        "commissions": commissions,
        "contracts": contracts,
        "by_category": in_order(by_category, uncategorised),
        "by_mission": in_order(by_mission, no_mission),
        "budget_total": sum((c.budget_max or Decimal(0) for c in commissions), Decimal(0)),
        "contract_total": sum((c.value for c in contracts), Decimal(0)),
    }
