"""Reads for commissioning pages, each with a constant number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.db import connection
from django.db.models import F, Prefetch, QuerySet, Sum
from django.utils.functional import SimpleLazyObject

from accounts.models import BUYER_STAFF_ROLES, Organisation, User
from commissioning.models import (
    CommentStatus,
    Commission,
    EvidenceItem,
    EvidenceKind,
    Indicator,
    IndicatorReading,
    Mission,
    MissionStatus,
    Need,
    Outcome,
    Place,
    PublicComment,
)
from commissioning.specifications.selectors import specification_for
from commissioning.trends import Trend, TrendPoint, trend_of
from core.ids import id_from
from core.queries import count_of
from core.sql_rows import ModelColumns, cache_related

# --- Missions --------------------------------------------------------------------------
# What anyone may read without signing in: every mission but drafts (the public pages,
# the read API and the open data downloads all ask here).
PUBLIC_MISSION_STATES = (MissionStatus.ACTIVE, MissionStatus.ACHIEVED, MissionStatus.RETIRED)


def public_missions() -> QuerySet[Mission]:
    """Missions anyone may read: every one but drafts."""
    return Mission.objects.filter(status__in=PUBLIC_MISSION_STATES)


def missions_for(organisation: Organisation) -> QuerySet[Mission]:
    """An organisation's missions for the list page, with how much hangs off each."""
    return (
        Mission.objects.filter(organisation=organisation)
        .select_related("lead")
        .annotate(
            need_count=count_of(Need.missions.through.objects.all(), to="mission"),
            commission_count=count_of(Commission.missions.through.objects.all(), to="mission"),
        )
        .order_by("title", "pk")
    )


def place_filter(organisation: Organisation, value: str | None) -> tuple[Place | None, list[int]]:
    """The organisation's place a list is filtered by (`?place=<id>`) with the places inside
    it, or (None, []) for a missing, malformed or foreign id."""
    pk = id_from(value)
    if pk is None:
        return None, []
    place = Place.objects.filter(organisation=organisation, pk=pk).first()
    return (place, places_within(place)) if place is not None else (None, [])


def mission_filter(organisation: Organisation, value: str | None) -> Mission | None:
    """The organisation's mission a list is filtered by (`?mission=<id>`), or None for a
    missing, malformed or foreign id."""
    pk = id_from(value)
    if pk is None:
        return None
    return Mission.objects.filter(organisation=organisation, pk=pk).first()


def mission_get(pk: int) -> Mission | None:
    """A mission with its lead and organisation, or None. Every view of a mission reads
    it, so it is written as SQL: built with the ORM (two joins, every column) it took
    longer to compile than to run (`core.sql_rows`)."""
    with connection.cursor() as cursor:
        cursor.execute(_mission_query(), [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    mission = _MISSION.read(row, 0)
    cache_related(mission, "organisation", _MISSION_ORGANISATION.read(row, _MISSION.width))
    cache_related(
        mission, "lead", _MISSION_LEAD.read(row, _MISSION.width + _MISSION_ORGANISATION.width)
    )
    return mission


_MISSION = ModelColumns(Mission, "mission")
_MISSION_ORGANISATION = ModelColumns(Organisation, "organisation")
_MISSION_LEAD = ModelColumns(User, "lead")


@cache
def _mission_query() -> str:
    mission, organisation, lead = _MISSION.alias, _MISSION_ORGANISATION.alias, _MISSION_LEAD.alias
    return (
        f"SELECT {_MISSION.sql}, {_MISSION_ORGANISATION.sql}, {_MISSION_LEAD.sql}"  # noqa: S608 - names from the models
        f" FROM {Mission._meta.db_table} {mission}"
        f" INNER JOIN {Organisation._meta.db_table} {organisation}"
        f" ON {organisation}.id = {mission}.organisation_id"
        f" LEFT OUTER JOIN {User._meta.db_table} {lead} ON {lead}.id = {mission}.lead_id"
        f" WHERE {mission}.id = %s"
    )


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
    """The mission's outcomes framework, with its indicators. Everything else on the page
    (spend, contracts, social value, who bids and wins, stories, needs) reads across the
    apps above commissioning, so it comes through home's mission_progress tag. Read when
    the page draws the section, not before: the page keeps it drawn while nothing changes."""
    outcomes = SimpleLazyObject(
        lambda: mission.outcomes.prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk"))
        ).order_by("position", "pk")
    )
    return {"outcomes": outcomes}


def outcome_get(pk: int) -> Outcome | None:
    """An outcome with its mission, enough to decide who may change it."""
    return Outcome.objects.select_related("mission__organisation").filter(pk=pk).first()


def indicator_get(pk: int) -> Indicator | None:
    """An indicator with its outcome and mission, enough to decide who may change it."""
    return Indicator.objects.select_related("outcome__mission__organisation").filter(pk=pk).first()


# --- Readings and trends -----------------------------------------------------------------
def indicator_trends(indicator_ids: Iterable[int]) -> dict[int, Trend]:
    """Each indicator's trend (baseline → readings → target, on track or not; see
    commissioning/trends.py), keyed by indicator id, in two queries however many
    indicators and readings. The trend uses readings for the whole area (no place);
    readings for one place show on that place's page. Ids not found are left out."""
    indicators = list(
        Indicator.objects.filter(pk__in=list(indicator_ids)).select_related("outcome__mission")
    )
    points: dict[int, list[TrendPoint]] = {indicator.pk: [] for indicator in indicators}
    rows = (
        IndicatorReading.objects.filter(indicator__in=indicators, place__isnull=True)
        .order_by("date", "pk")
        .values_list("indicator_id", "date", "value")
    )
    for indicator_id, date, value in rows:
        points[indicator_id].append(TrendPoint(date, value))
    return {indicator.pk: trend_of(indicator, points[indicator.pk]) for indicator in indicators}


def indicator_readings(indicator: Indicator) -> list[IndicatorReading]:
    """Every reading of an indicator, newest first, with its place and who recorded it.
    An indicator gets a few readings a year, so the list stays short."""
    return list(indicator.readings.select_related("place", "recorded_by").order_by("-date", "-pk"))


def reading_get(pk: int) -> IndicatorReading | None:
    """A reading with its indicator, outcome and mission, enough to decide who may change it."""
    return (
        IndicatorReading.objects.select_related(
            "indicator__outcome__mission__organisation", "place"
        )
        .filter(pk=pk)
        .first()
    )


def mission_choices(organisation: Organisation) -> QuerySet[Mission]:
    return Mission.objects.filter(organisation=organisation).order_by("title", "pk")


def place_choices(organisation: Organisation) -> QuerySet[Place]:
    return Place.objects.filter(organisation=organisation).order_by("name", "pk")


def need_choices(organisation: Organisation) -> QuerySet[Need]:
    return Need.objects.filter(organisation=organisation).order_by("title", "pk")


def commission_initial_from_need(organisation: Organisation, need_pk: str) -> dict[str, list]:
    """A commission started from a need answers it and serves the need's missions and
    places, so the form starts with all three ticked. An unknown need ticks nothing."""
    pk = id_from(need_pk)
    need = (
        Need.objects.filter(organisation=organisation, pk=pk)
        .prefetch_related("missions", "places")
        .first()
        if pk is not None
        else None
    )
    if need is None:
        return {}
    return {
        "needs": [need.pk],
        "missions": [mission.pk for mission in need.missions.all()],
        "places": [place.pk for place in need.places.all()],
    }


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
def needs_for(
    organisation: Organisation, *, mission: Mission | None = None, places: list[int] | None = None
) -> QuerySet[Need]:
    """An organisation's needs (those for one mission, or tagged with any of some places, if
    given), newest first, with their missions and places."""
    needs = Need.objects.filter(organisation=organisation)
    if mission is not None:
        needs = needs.filter(missions=mission)
    if places:
        tagged = Need.places.through.objects.filter(place_id__in=places)
        needs = needs.filter(pk__in=tagged.values("need_id"))
    return (
        needs.select_related("created_by")
        .prefetch_related(
            Prefetch("missions", queryset=Mission.objects.order_by("title")),
            Prefetch("places", queryset=Place.objects.order_by("name")),
        )
        .annotate(evidence_count=count_of(EvidenceItem.objects.all(), to="need"))
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
                # A resident's comment used as evidence says so if its writer withdrew it.
                queryset=EvidenceItem.objects.select_related("created_by")
                .annotate(comment_withdrawn_at=F("from_comment__withdrawn_at"))
                .order_by("-source_date", "-created_at", "-pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def evidence_get(pk: int) -> EvidenceItem | None:
    """A piece of evidence with its need, enough to decide who may see it."""
    return EvidenceItem.objects.select_related("need__organisation").filter(pk=pk).first()


# --- Commissions -----------------------------------------------------------------------
def commissions_for(
    organisation: Organisation, *, mission: Mission | None = None, places: list[int] | None = None
) -> QuerySet[Commission]:
    """An organisation's commissions (those serving one mission, or tagged with any of some
    places, if given), most recently changed first, with their missions."""
    commissions = Commission.objects.filter(organisation=organisation)
    if mission is not None:
        commissions = commissions.filter(missions=mission)
    if places:
        tagged = Commission.places.through.objects.filter(place_id__in=places)
        commissions = commissions.filter(pk__in=tagged.values("commission_id"))
    return (
        commissions.select_related("owner")
        .prefetch_related(Prefetch("missions", queryset=Mission.objects.order_by("title")))
        .annotate(need_count=count_of(Commission.needs.through.objects.all(), to="commission"))
        .order_by("-updated_at", "-pk")
    )


def commission_get(pk: int) -> Commission | None:
    """A commission with its owner, or None. Enough to decide who may see it."""
    return Commission.objects.select_related("owner").filter(pk=pk).first()


def commission_detail(commission: Commission) -> dict[str, object]:
    """Everything a commission page shows, loaded in a fixed number of queries (its tenders
    come through procurement's commission_tenders tag)."""
    commission = (
        Commission.objects.select_related("owner")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("title")),
            Prefetch("missions", queryset=Mission.objects.order_by("title")),
            Prefetch("places", queryset=Place.objects.order_by("name")),
        )
        .get(pk=commission.pk)
    )
    specification = specification_for(commission)
    versions = list(specification.versions.all()) if specification else []
    waiting = PublicComment.objects.filter(
        commission=commission, status=CommentStatus.PENDING
    ).count()
    return {
        "commission": commission,
        "specification": specification,
        "versions": versions,
        "comments_waiting": waiting,
    }


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


def tagged_here(covered: list[int]) -> tuple[Prefetch, Prefetch]:
    """What a place page loads with each record tagged with a place: its missions in order,
    and, as `here`, the places it is tagged with among those the page covers."""
    return (
        Prefetch("missions", queryset=Mission.objects.order_by("title")),
        Prefetch(
            "places",
            queryset=Place.objects.filter(pk__in=covered).order_by("name"),
            to_attr="here",
        ),
    )


def places_within(place: Place, places: list[Place] | None = None) -> list[int]:
    """The place and every place inside it, at any depth (one query unless the
    organisation's places are given)."""
    if places is None:
        places = list(
            Place.objects.filter(organisation_id=place.organisation_id).only("pk", "parent_id")
        )
    children: dict[int | None, list[int]] = {}
    for p in places:
        children.setdefault(p.parent_id, []).append(p.pk)
    covered = [place.pk]
    for pk in covered:
        covered.extend(child for child in children.get(pk, []) if child not in covered)
    return covered


@dataclass
class PlaceReadings:
    """One indicator's readings in one place: the latest, how many, and that place's trend
    (its readings against the indicator's line from baseline to target)."""

    indicator: Indicator
    place: Place
    latest: IndicatorReading
    count: int
    trend: Trend


@dataclass
class OutcomeHere:
    """An outcome with readings in the places a place page covers."""

    outcome: Outcome
    rows: list[PlaceReadings] = field(default_factory=list)


def place_readings(covered: list[int]) -> list[OutcomeHere]:
    """Outcomes' indicator readings for these places, grouped by outcome (missions in
    title order), one row per indicator and place; one query whatever the number."""
    readings = (
        IndicatorReading.objects.filter(place__in=covered)
        .select_related("indicator__outcome__mission", "place")
        .order_by(
            "indicator__outcome__mission__title",
            "indicator__outcome__position",
            "indicator__outcome_id",
            "indicator__name",
            "indicator_id",
            "place__name",
            "place_id",
            "date",
            "pk",
        )
    )
    grouped: dict[tuple[int, int], list[IndicatorReading]] = {}
    for reading in readings:
        grouped.setdefault((reading.indicator_id, reading.place_id), []).append(reading)
    outcomes: dict[int, OutcomeHere] = {}
    for series in grouped.values():
        latest = series[-1]
        indicator = latest.indicator
        row = PlaceReadings(
            indicator=indicator,
            place=latest.place,
            latest=latest,
            count=len(series),
            trend=trend_of(indicator, [TrendPoint(r.date, r.value) for r in series]),
        )
        outcome = indicator.outcome
        outcomes.setdefault(outcome.pk, OutcomeHere(outcome)).rows.append(row)
    return list(outcomes.values())


PLACE_LIST_SHOWN = 10


def place_detail(place: Place) -> dict[str, object]:
    """The place-based lens: needs and commissions tagged with this place or any place
    inside it, and outcomes' indicator readings there (`outcomes_here`). The contracts, and
    the spend groups that combine them with the commissions, come through the contracts
    app's place_spend tag (contracts.selectors.place_spend)."""
    places = list(
        Place.objects.filter(organisation_id=place.organisation_id).only(
            "pk", "name", "kind", "parent_id", "organisation_id"
        )
    )
    by_pk = {p.pk: p for p in places}
    children: dict[int | None, list[Place]] = {}
    for p in places:
        children.setdefault(p.parent_id, []).append(p)
    covered = places_within(place, places)
    ancestors = []
    parent_pk, seen = place.parent_id, {place.pk}
    while parent_pk and parent_pk not in seen and parent_pk in by_pk:
        seen.add(parent_pk)
        ancestors.insert(0, by_pk[parent_pk])
        parent_pk = by_pk[parent_pk].parent_id
    direct_children = sorted(children.get(place.pk, []), key=lambda p: p.name)

    # Every need and commission here, counted and grouped by the database; the page lists
    # the first few of each and links to the list filtered by this place.
    needs_here = Need.objects.filter(pk__in=Need.objects.filter(places__in=covered).values("pk"))
    commissions_here = Commission.objects.filter(
        pk__in=Commission.objects.filter(places__in=covered).values("pk")
    )
    return {
        "ancestors": ancestors,
        "children": direct_children,
        "covered": covered,
        "covered_count": len(covered),
        # Each place directly inside, with the places inside it, for spend by place.
        "inside": [(child, places_within(child, places)) for child in direct_children],
        "needs_here": needs_here,
        "commissions_here": commissions_here,
        "need_count": needs_here.count(),
        "needs": list(
            needs_here.prefetch_related(*tagged_here(covered)).order_by("title", "pk")[
                :PLACE_LIST_SHOWN
            ]
        ),
        "commission_count": commissions_here.count(),
        "commissions": list(
            commissions_here.select_related("owner")
            .prefetch_related(*tagged_here(covered))
            .order_by("spend_category", "title", "pk")[:PLACE_LIST_SHOWN]
        ),
        "budget_total": commissions_here.aggregate(total=Sum("budget_max"))["total"] or Decimal(0),
        "outcomes_here": place_readings(covered),
    }
