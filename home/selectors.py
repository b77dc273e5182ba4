"""Reads for the public search pages, for anyone without signing in.

- "What we buy": the commissions councils published ("what we are buying and why") and
  every contract of a public body (as its public page shows it), in one list, newest
  first, searched by words and filtered by council, mission, place and provider type.
  Both kinds are read as one SQL UNION, so a page of results costs the same few queries
  however many records match.
- The commissions asking for the public's views now, before the award, during the service
  or after it.

Only what the public pages show is ever read: a commission the council has not published
is never listed, and a draft mission is neither offered as a filter nor shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page
from django.db.models import (
    CharField,
    DecimalField,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind, SupplierType
from commissioning.models import (
    PHASE_OF_STATUS,
    CommentPhase,
    Commission,
    CommissionStatus,
    Mission,
    Place,
)
from commissioning.selectors import PUBLIC_MISSION_STATES, places_within, public_missions
from contracts.models import Contract, ContractStatus
from contracts.selectors import VCSE_TYPES

# The provider types a visitor filters by: the groups government reports on (small and
# medium-sized businesses, large businesses, and the voluntary, community and social
# enterprise sector), from the supplier type each organisation gives in its profile.
PROVIDER_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "sme": (
        "Small or medium-sized business (SME)",
        (SupplierType.MICRO, SupplierType.SMALL, SupplierType.MEDIUM),
    ),
    "large": ("Large business", (SupplierType.LARGE,)),
    "vcse": ("Voluntary, community or social enterprise (VCSE)", VCSE_TYPES),
}

COMMISSIONS = "commissions"
CONTRACTS = "contracts"
SHOW_CHOICES = [
    ("", "Commissions and contracts"),
    (COMMISSIONS, "What councils are buying (commissions)"),
    (CONTRACTS, "Contracts awarded"),
]

# More words than this in a search are ignored: each one is another condition.
MAX_SEARCH_WORDS = 8


# --- What we buy -------------------------------------------------------------------------
@dataclass(frozen=True)
class BuyingFilters:
    """What the "What we buy" list is narrowed to; empty values mean "any"."""

    q: str = ""
    show: str = ""
    council: int | None = None
    mission: int | None = None
    places: tuple[int, ...] = ()  # a place and the places inside it
    provider_type: str = ""

    @property
    def is_empty(self) -> bool:
        return self == BuyingFilters()

    @property
    def words(self) -> list[str]:
        return self.q.split()[:MAX_SEARCH_WORDS]


def _narrowed(
    rows: QuerySet, filters: BuyingFilters, model: type[Commission | Contract]
) -> QuerySet:
    """Narrow commissions or contracts (`model`) by council, public mission and place."""
    key = f"{model._meta.model_name}_id"
    if filters.council:
        rows = rows.filter(organisation_id=filters.council)
    if filters.mission:
        serving = model.missions.through.objects.filter(
            mission_id=filters.mission, mission__status__in=PUBLIC_MISSION_STATES
        )
        rows = rows.filter(pk__in=serving.values(key))
    if filters.places:
        tagged = model.places.through.objects.filter(place_id__in=filters.places)
        rows = rows.filter(pk__in=tagged.values(key))
    return rows


def _public_commissions(filters: BuyingFilters) -> QuerySet[Commission]:
    rows = Commission.objects.filter(
        published_at__isnull=False, organisation__kind=OrganisationKind.PUBLIC_BODY
    )
    for word in filters.words:
        rows = rows.filter(
            Q(title__icontains=word)
            | Q(public_summary__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    if filters.provider_type in PROVIDER_TYPES:
        # A commission is a provider's once one of its contracts is theirs.
        provided = Contract.objects.filter(
            provider__supplier_type__in=PROVIDER_TYPES[filters.provider_type][1]
        )
        rows = rows.filter(pk__in=provided.values("commission_id"))
    return _narrowed(rows, filters, Commission)


def _public_contracts(filters: BuyingFilters) -> QuerySet[Contract]:
    rows = Contract.objects.filter(organisation__kind=OrganisationKind.PUBLIC_BODY)
    for word in filters.words:
        rows = rows.filter(
            Q(title__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(provider_name__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    if filters.provider_type in PROVIDER_TYPES:
        rows = rows.filter(provider__supplier_type__in=PROVIDER_TYPES[filters.provider_type][1])
    return _narrowed(rows, filters, Contract)


# The columns both kinds give, in this order (a UNION matches columns by position).
ROW_COLUMNS = (
    "row_kind",
    "row_id",
    "row_title",
    "row_council",
    "row_date",
    "row_provider",
    "row_value",
    "row_status",
)


def what_we_buy(filters: BuyingFilters) -> QuerySet:
    """Published commissions and public bodies' contracts matching the filters, as one
    list of rows (dictionaries of ROW_COLUMNS), newest first: a commission dated by its
    publication, a contract by its start. Every word searched for must appear in the title,
    the public summary, the council's name or the provider's name."""
    commissions = (
        _public_commissions(filters)
        .annotate(
            row_kind=Value(COMMISSIONS, output_field=CharField()),
            row_id=F("pk"),
            row_title=F("title"),
            row_council=F("organisation__name"),
            row_date=TruncDate("published_at"),
            row_provider=Value("", output_field=CharField()),
            row_value=Value(None, output_field=DecimalField(max_digits=14, decimal_places=2)),
            row_status=F("status"),
        )
        .values(*ROW_COLUMNS)
        .order_by()
    )
    contracts = (
        _public_contracts(filters)
        .annotate(
            row_kind=Value(CONTRACTS, output_field=CharField()),
            row_id=F("pk"),
            row_title=F("title"),
            row_council=F("organisation__name"),
            row_date=F("start_date"),
            row_provider=Coalesce(
                F("provider__name"), F("provider_name"), output_field=CharField()
            ),
            row_value=F("value"),
            row_status=F("status"),
        )
        .values(*ROW_COLUMNS)
        .order_by()
    )
    if filters.show == COMMISSIONS:
        rows = commissions
    elif filters.show == CONTRACTS:
        rows = contracts
    else:
        rows = commissions.union(contracts, all=True)
    return rows.order_by("-row_date", "row_kind", "-row_id")


_STATUS_LABELS = {
    COMMISSIONS: dict(CommissionStatus.choices),
    CONTRACTS: dict(ContractStatus.choices),
}


@dataclass(frozen=True)
class BuyingRow:
    kind: str
    pk: int
    title: str
    council: str
    date: datetime.date | None
    provider: str
    value: Decimal | None
    status: str
    missions: list[Mission] = field(default_factory=list)

    @property
    def is_contract(self) -> bool:
        return self.kind == CONTRACTS

    @property
    def url(self) -> str:
        name = "home:public_contract" if self.is_contract else "home:public_commission"
        return reverse(name, args=[self.pk])


def buying_rows(page: Page) -> list[BuyingRow]:
    """One page of `what_we_buy` as rows to show, each with the public missions it serves
    (two queries, whatever the page holds)."""
    items: list[dict[str, Any]] = list(page.object_list)
    ids = {
        kind: [item["row_id"] for item in items if item["row_kind"] == kind]
        for kind in (COMMISSIONS, CONTRACTS)
    }
    missions: dict[tuple[str, int], list[Mission]] = {}
    for kind, through, key in (
        (COMMISSIONS, Commission.missions.through, "commission_id"),
        (CONTRACTS, Contract.missions.through, "contract_id"),
    ):
        if not ids[kind]:
            continue
        links = (
            through.objects.filter(
                **{f"{key}__in": ids[kind]}, mission__status__in=PUBLIC_MISSION_STATES
            )
            .select_related("mission")
            .order_by("mission__title", "mission_id")
        )
        for link in links:
            missions.setdefault((kind, getattr(link, key)), []).append(link.mission)
    return [
        BuyingRow(
            kind=item["row_kind"],
            pk=item["row_id"],
            title=item["row_title"],
            council=item["row_council"],
            date=item["row_date"],
            provider=item["row_provider"] or "",
            value=item["row_value"],
            status=_STATUS_LABELS[item["row_kind"]].get(item["row_status"], ""),
            missions=missions.get((item["row_kind"], item["row_id"]), []),
        )
        for item in items
    ]


def buying_filter_options() -> dict[str, list[tuple[Any, str]]]:
    """The choices each filter offers: every council, its missions (not drafts) and its
    places, and the provider types (three queries)."""
    councils = Organisation.objects.filter(kind=OrganisationKind.PUBLIC_BODY).order_by("name", "pk")
    missions = (
        public_missions()
        .filter(organisation__kind=OrganisationKind.PUBLIC_BODY)
        .select_related("organisation")
        .order_by("title", "pk")
    )
    places = (
        Place.objects.filter(organisation__kind=OrganisationKind.PUBLIC_BODY)
        .select_related("organisation")
        .order_by("name", "pk")
    )
    return {
        "council": [(council.pk, council.name) for council in councils],
        "mission": [(m.pk, f"{m.title} ({m.organisation.name})") for m in missions],
        "place": [(p.pk, f"{p.name} ({p.organisation.name})") for p in places],
        "provider_type": [(value, label) for value, (label, _) in PROVIDER_TYPES.items()],
    }


def public_place_and_within(place_id: int | None) -> tuple[int, ...]:
    """A public body's place and every place inside it, or () for a missing or foreign id."""
    if place_id is None:
        return ()
    place = Place.objects.filter(
        pk=place_id, organisation__kind=OrganisationKind.PUBLIC_BODY
    ).first()
    return tuple(places_within(place)) if place is not None else ()


# --- Asking for views ----------------------------------------------------------------------
def _asking_now(phases: list[str] | None = None) -> Q:
    """Commissions in a phase whose views the council chose to ask for."""
    asking = Q()
    for phase in CommentPhase:
        if phases and phase not in phases:
            continue
        statuses = [status for status, of in PHASE_OF_STATUS.items() if of == phase]
        asking |= Q(status__in=statuses, invite_views_in__contains=[phase])
    return asking


def commissions_asking_for_views(
    *, council: int | None = None, phase: str = ""
) -> QuerySet[Commission]:
    """Published commissions that ask for the public's views now (the council chose to
    ask in the phase each is in), newest first, optionally of one council or one phase,
    each with the public missions it serves."""
    rows = Commission.objects.filter(
        _asking_now([phase] if phase in CommentPhase.values else None),
        published_at__isnull=False,
        organisation__kind=OrganisationKind.PUBLIC_BODY,
    )
    if council:
        rows = rows.filter(organisation_id=council)
    return (
        rows.select_related("organisation")
        .prefetch_related(Prefetch("missions", queryset=public_missions().order_by("title", "pk")))
        .order_by("-published_at", "-pk")
    )


def councils_asking_for_views() -> QuerySet[Organisation]:
    """The public bodies with a commission asking for views now, for the council filter."""
    asking = Commission.objects.filter(_asking_now(), published_at__isnull=False)
    return Organisation.objects.filter(
        kind=OrganisationKind.PUBLIC_BODY, pk__in=asking.values("organisation_id")
    ).order_by("name", "pk")
