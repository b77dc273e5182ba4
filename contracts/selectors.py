"""Reads for the contract register and check-ins, with constant query counts."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    Avg,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from accounts import permissions
from accounts.models import Organisation, OrganisationKind, Role, SupplierType, User
from commissioning.models import Commission, CommissionStatus, Mission, Need, Outcome, Place
from commissioning.selectors import tagged_here
from contracts.models import (
    Action,
    CheckIn,
    CheckInContribution,
    CheckInStatus,
    Contract,
    HealthDimension,
    HealthRating,
    Kpi,
    KpiRating,
    KpiReading,
    LearningEntry,
    PerformanceAssessment,
    RecommissioningDecision,
    ServiceUserVoice,
    Side,
    VoiceInvitation,
)
from core.queries import count_of
from core.release import release_digest
from core.sql_rows import ModelColumns
from core.versioned_cache import kept

# Provider types the register filters by: the size bands, and voluntary, community and
# social enterprise organisations (VCSE) as one group.
VCSE_TYPES = (SupplierType.CHARITY, SupplierType.SOCIAL_ENTERPRISE, SupplierType.COOPERATIVE)
PROVIDER_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "micro": ("Micro business", (SupplierType.MICRO,)),
    "small": ("Small business", (SupplierType.SMALL,)),
    "medium": ("Medium-sized business", (SupplierType.MEDIUM,)),
    "large": ("Large business", (SupplierType.LARGE,)),
    "vcse": ("Voluntary, community or social enterprise (VCSE)", VCSE_TYPES),
}
NO_MANAGER = "none"


@dataclass(frozen=True)
class RegisterFilters:
    """What the contract register is narrowed to; empty values mean "any"."""

    q: str = ""
    kind: str = ""
    status: str = ""
    manager: str = ""  # a user's id, or NO_MANAGER
    mission: int | None = None
    provider_type: str = ""
    places: tuple[int, ...] = ()  # a place and the places inside it

    @property
    def is_empty(self) -> bool:
        return self == RegisterFilters()


def contracts_for(
    organisation: Organisation, *, filters: RegisterFilters = RegisterFilters()
) -> QuerySet[Contract]:
    """A public body's register, or, for a supplier, only the contracts it provides,
    narrowed by the register's filters. One query whatever the number of contracts."""
    contracts = contracts_scope(organisation)
    if filters.q:
        contracts = contracts.filter(
            Q(title__icontains=filters.q)
            | Q(provider__name__icontains=filters.q)
            | Q(provider_name__icontains=filters.q)
            | Q(organisation__name__icontains=filters.q)
        )
    if filters.kind:
        contracts = contracts.filter(kind=filters.kind)
    if filters.status:
        contracts = contracts.filter(status=filters.status)
    if filters.manager == NO_MANAGER:
        contracts = contracts.filter(contract_manager__isnull=True)
    elif filters.manager:
        contracts = contracts.filter(contract_manager_id=filters.manager)
    if filters.mission:
        serving = Contract.missions.through.objects.filter(mission_id=filters.mission)
        contracts = contracts.filter(pk__in=serving.values("contract_id"))
    if filters.places:
        tagged = Contract.places.through.objects.filter(place_id__in=filters.places)
        contracts = contracts.filter(pk__in=tagged.values("contract_id"))
    if filters.provider_type in PROVIDER_TYPES:
        contracts = contracts.filter(
            provider__supplier_type__in=PROVIDER_TYPES[filters.provider_type][1]
        )
    return (
        contracts.select_related("organisation", "provider", "contract_manager")
        .annotate(open_action_count=count_of(Action.objects.filter(done_at=None), to="contract"))
        .order_by("end_date", "pk")
    )


# What a row of the register page shows, and only that: a contract and the three records
# joined to it have some forty columns, and the page read and built every one of them.
REGISTER_PAGE_FIELDS = (
    "title",
    "kind",
    "status",
    "value",
    "end_date",
    "provider_name",
    "organisation__name",
    "provider__name",
    "contract_manager__full_name",
    "contract_manager__email",
)


def register_page(
    organisation: Organisation, *, filters: RegisterFilters = RegisterFilters()
) -> QuerySet[Contract]:
    """The register's contracts as its page shows them (contracts/templatetags/register_rows.py):
    the same rows as `contracts_for`, reading only the columns the page draws."""
    return contracts_for(organisation, filters=filters).only(*REGISTER_PAGE_FIELDS)


def register_rows(
    organisation: Organisation, *, filters: RegisterFilters = RegisterFilters()
) -> QuerySet[Contract]:
    """The register as the CSV download has it: the same contracts as the page, each with
    the titles of the missions it serves, read in one query (streamed by the caller)."""
    mission_titles = ArraySubquery(
        Mission.objects.filter(contracts=OuterRef("pk")).order_by("title").values("title")
    )
    return contracts_for(organisation, filters=filters).annotate(mission_titles=mission_titles)


def contracts_scope(organisation: Organisation) -> QuerySet[Contract]:
    """The contracts an organisation holds (as buyer) or delivers (as supplier), unadorned."""
    if organisation.is_supplier:
        return Contract.objects.filter(provider=organisation)
    return Contract.objects.filter(organisation=organisation)


def contract_get(pk: int) -> Contract | None:
    """One contract with everything its page shows about it. Each KPI comes with its
    latest reading only (`Kpi.latest_reading`), however many it has; the charts read
    every reading through `kpis_with_readings`."""
    return (
        _contract_summary()
        .prefetch_related(*_section_prefetches(pk))
        .annotate(charts_state=_charts_state())
        .filter(pk=pk)
        .first()
    )


def contract_access_get(pk: int) -> Contract | None:
    """The contract's own row, enough to decide who may see it: its page is kept drawn
    (contracts/page_cache.py), and `contract_page_get` reads the rest when it is not.
    Written as SQL: the page is read often, and the ORM took longer to build the query
    than to run it."""
    with connection.cursor() as cursor:
        cursor.execute(_CONTRACT_ROW, [pk])
        row = cursor.fetchone()
    return None if row is None else _CONTRACT.read(row, 0)


_CONTRACT = ModelColumns(Contract, "c")
_CONTRACT_ROW = f"SELECT {_CONTRACT.sql} FROM {Contract._meta.db_table} c WHERE c.id = %s"  # noqa: S608 - column and table names from the model


def contract_page_get(contract: Contract) -> Contract | None:
    """The contract with everything its page shows (`contract_get`): the same one if it
    was read so already."""
    if hasattr(contract, "charts_state"):
        return contract
    return contract_get(contract.pk)


def _contract_summary() -> QuerySet[Contract]:
    return Contract.objects.select_related(
        "organisation", "provider", "contract_manager", "commission", "tender"
    ).annotate(
        # What the page lists of the missions, outcomes and places, in their order.
        mission_titles=_names_linked(Mission, "title", order="linked.title"),
        outcome_titles=_names_linked(Outcome, "title", order="linked.position, linked.id"),
        place_names=_names_linked(Place, "name", order="linked.name"),
    )


def _names_linked(model: type[Mission | Outcome | Place], column: str, *, order: str) -> RawSQL:
    """The names of the contract's missions, outcomes or places, as an array in `order`.
    Written as SQL for the reason `_charts_state` is: the contract page reads it on every
    view, and the same built from ORM expressions took longer to compile than to run."""
    links = Contract._meta.get_field(f"{model._meta.model_name}s").remote_field.through
    table = Contract._meta.db_table
    return RawSQL(  # noqa: S611 - table and column names from the models, no input
        f"""
        ARRAY(SELECT linked.{column} FROM {model._meta.db_table} linked
              JOIN {links._meta.db_table} link ON link.{model._meta.model_name}_id = linked.id
              WHERE link.contract_id = {table}.id ORDER BY {order})
        """,  # noqa: S608
        (),
        output_field=ArrayField(CharField()),
    )


def _section_prefetches(pk: int) -> list[Any]:
    latest = (
        KpiReading.objects.filter(kpi__contract_id=pk)
        .order_by("kpi_id", "-recorded_at", "-pk")
        .distinct("kpi_id")
    )
    return [
        Prefetch(
            "kpis",
            queryset=Kpi.objects.select_related("indicator").prefetch_related(
                Prefetch("readings", queryset=KpiReading.objects.filter(pk__in=latest.values("pk")))
            ),
        ),
        "modifications",
        "extension_options",
        Prefetch(
            "recommissioning_decisions",
            queryset=RecommissioningDecision.objects.select_related("decided_by"),
        ),
    ]


def kpi_readings_for(contract: Contract) -> QuerySet[KpiReading]:
    """Every reading of the contract's KPIs, oldest first, with the date of the check-in
    it was given at: what the KPI charts draw."""
    return (
        KpiReading.objects.filter(kpi__contract=contract)
        .select_related("checkin")
        .only("kpi_id", "value", "recorded_at", "checkin__held_on")
        .order_by("kpi_id", "recorded_at", "pk")
    )


def _charts_state() -> RawSQL:
    """What the contract's charts draw, in brief: how many submitted parts of shared
    check-ins there are and when the latest was changed and shared (a part's ratings are
    rewritten with it), and how many KPI readings and the latest (readings are added,
    never changed). Annotated on the contract, so checking it costs no query of its own.
    Written as SQL because the same built from ORM expressions took longer to compile on
    every request than the database took to answer it."""
    table = Contract._meta.db_table
    return RawSQL(  # noqa: S611 - table names from the models, the status as a parameter
        f"""
        (SELECT concat_ws(':', COUNT(*), MAX(part.updated_at), MAX(checkin.published_at))
         FROM {CheckInContribution._meta.db_table} part
         JOIN {CheckIn._meta.db_table} checkin ON checkin.id = part.checkin_id
         WHERE checkin.contract_id = {table}.id
           AND checkin.status = %s AND part.submitted_at IS NOT NULL)
        || '|' ||
        (SELECT concat_ws(':', COUNT(*), MAX(reading.recorded_at), MAX(reading.id))
         FROM {KpiReading._meta.db_table} reading
         JOIN {Kpi._meta.db_table} kpi ON kpi.id = reading.kpi_id
         WHERE kpi.contract_id = {table}.id)
        """,  # noqa: S608
        (CheckInStatus.PUBLISHED.value,),
        output_field=CharField(),
    )


def charts_version(contract: Contract, kpis: list[Kpi]) -> str:
    """A key that changes whenever anything the contract's charts draw changes: the
    state annotated by `contract_get`, the KPIs' names and targets, and the release
    drawing them (core/release.py), so a page can keep its drawn charts until this changes."""
    drawn = repr([(kpi.pk, kpi.name, kpi.target) for kpi in kpis]).encode()
    shown = f"{contract.charts_state}|{hashlib.sha256(drawn).hexdigest()[:16]}"
    return f"{contract.pk}|{release_digest()}|{shown}"


def checkins_for(contract: Contract) -> QuerySet[CheckIn]:
    """The contract's check-ins, newest first, with both sides' parts and their ratings."""
    return (
        contract.checkins.prefetch_related(
            Prefetch(
                "contributions",
                queryset=CheckInContribution.objects.select_related("author").prefetch_related(
                    "ratings"
                ),
            )
        )
        .annotate(
            # How many people who use the service were asked, and how many answered.
            voices_asked=_count_of(VoiceInvitation),
            voices_answered=_count_of(ServiceUserVoice),
        )
        .order_by("-held_on", "-pk")
    )


def _count_of(model: type[VoiceInvitation] | type[ServiceUserVoice]) -> Coalesce:
    """A check-in's rows of `model`, counted in a subquery so it joins no fan-out."""
    rows = (
        model.objects.filter(checkin=OuterRef("pk"))
        .order_by()
        .values("checkin")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def visible_contributions(checkin: CheckIn, readable_sides: set[str]) -> list:
    """The parts of a check-in this reader may see.

    A side's own part is always visible to that side, draft or not. The other side's
    part shows only once the check-in is shared, and then only if it was submitted.
    """
    return [
        contribution
        for contribution in checkin.contributions.all()
        if contribution.side in readable_sides
        or (checkin.status == CheckInStatus.PUBLISHED and contribution.is_submitted)
    ]


def checkin_get(contract: Contract, pk: int) -> CheckIn | None:
    return checkins_for(contract).filter(pk=pk).first()


def open_actions_for(contract: Contract, *, before: CheckIn | None = None) -> QuerySet[Action]:
    """Actions not yet done, oldest due first. With a check-in: those carried into it."""
    actions = contract.actions.filter(done_at__isnull=True).select_related("raised_in")
    if before is not None:
        actions = actions.filter(
            Q(raised_in__isnull=True, created_at__lt=before.created_at)
            | Q(raised_in__held_on__lt=before.held_on)
        )
    return actions.order_by("due_date", "pk")


def actions_raised_in(checkin: CheckIn) -> QuerySet[Action]:
    return checkin.actions_raised.order_by("pk")


@dataclass
class HealthPoint:
    held_on: datetime.date
    buyer: Decimal | None = None
    provider: Decimal | None = None
    by_dimension: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def dimension_rows(self) -> list[tuple[str, int | None, int | None]]:
        """Each dimension with the buyer's and the provider's score, for the table."""
        buyer = self.by_dimension.get(Side.BUYER, {})
        provider = self.by_dimension.get(Side.PROVIDER, {})
        return [
            (label, buyer.get(value), provider.get(value))
            for value, label in HealthDimension.choices
        ]


def health_over_time(contract: Contract) -> list[HealthPoint]:
    """Each side's relationship ratings at every shared check-in, oldest first.

    Only submitted parts of shared check-ins count, so a draft never shows in the chart.
    One query, whatever the number of check-ins.
    """
    rows = (
        HealthRating.objects.filter(
            contribution__checkin__contract=contract,
            contribution__checkin__status=CheckInStatus.PUBLISHED,
            contribution__submitted_at__isnull=False,
        )
        .values(
            "contribution__checkin_id",
            "contribution__checkin__held_on",
            "contribution__side",
            "dimension",
            "score",
        )
        .order_by("contribution__checkin__held_on", "contribution__checkin_id")
    )
    points: dict[int, HealthPoint] = {}
    sums: dict[tuple[int, str], list[int]] = {}
    for row in rows:
        checkin_id = row["contribution__checkin_id"]
        point = points.setdefault(
            checkin_id, HealthPoint(held_on=row["contribution__checkin__held_on"])
        )
        side = row["contribution__side"]
        point.by_dimension.setdefault(side, {})[row["dimension"]] = row["score"]
        sums.setdefault((checkin_id, side), []).append(row["score"])
    for (checkin_id, side), scores in sums.items():
        average = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"))
        setattr(points[checkin_id], side, average)
    return list(points.values())


def latest_assessment(contract: Contract) -> PerformanceAssessment | None:
    return (
        contract.assessments.select_related("assessed_by")
        .prefetch_related(Prefetch("ratings", queryset=KpiRating.objects.select_related("kpi")))
        .first()
    )


def learning_for(organisation: Organisation) -> QuerySet[LearningEntry]:
    return (
        LearningEntry.objects.filter(organisation=organisation)
        .select_related("contract", "checkin", "commission", "written_by")
        .prefetch_related("missions")
    )


def learning_public() -> QuerySet[LearningEntry]:
    """Entries their public body chose to publish, for anyone to read."""
    return (
        LearningEntry.objects.filter(is_public=True)
        .select_related("organisation", "contract")
        .prefetch_related("missions")
    )


def learning_for_contract(contract: Contract, *, reader: Any) -> QuerySet[LearningEntry]:
    """The contract's learning that `reader` may read. The log is the buyer's: its people
    (those who may open the learning log) read every entry; anyone else, the provider
    included, reads only what the buyer has published."""
    entries = contract.learning.select_related("written_by").order_by("-created_at")
    if permissions.can(reader, "commissioning.view", contract):
        return entries
    return entries.filter(is_public=True)


def average_health(contract: Contract) -> dict[str, Decimal | None]:
    """Each side's average rating across every shared check-in."""
    averages = (
        HealthRating.objects.filter(
            contribution__checkin__contract=contract,
            contribution__checkin__status=CheckInStatus.PUBLISHED,
            contribution__submitted_at__isnull=False,
        )
        .values("contribution__side")
        .annotate(average=Avg("score"))
    )
    result: dict[str, Decimal | None] = {side: None for side in Side.values}
    for row in averages:
        result[row["contribution__side"]] = Decimal(row["average"]).quantize(Decimal("0.1"))
    return result


DIMENSIONS = HealthDimension.choices


def provider_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.SUPPLIER).order_by("name")


def contract_manager_choices(organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Role.CONTRACT_MANAGER,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def commission_choices(organisation: Organisation) -> QuerySet[Commission]:
    """The commissions a new contract may deliver: the buyer's own that are not closed."""
    return (
        Commission.objects.filter(organisation=organisation)
        .exclude(status=CommissionStatus.CLOSED)
        .order_by("title")
    )


def mission_choices(organisation: Organisation) -> QuerySet[Mission]:
    return Mission.objects.filter(organisation=organisation).order_by("title")


def outcome_choices(organisation: Organisation) -> QuerySet[Outcome]:
    return (
        Outcome.objects.filter(mission__organisation=organisation)
        .select_related("mission")
        .order_by("mission__title", "position", "pk")
    )


def place_choices(organisation: Organisation) -> QuerySet[Place]:
    return Place.objects.filter(organisation=organisation).order_by("name")


@dataclass(frozen=True)
class RegisterChoices:
    """What the register's filters offer that depends on the buyer: its contract managers,
    missions and places, each as (value, label)."""

    managers: list[tuple[str, str]]
    missions: list[tuple[int, str]]
    places: list[tuple[int, str]]


def register_choices_name(organisation_id: int) -> str:
    return f"register-choices:{organisation_id}"


def register_table_name(organisation_id: int) -> str:
    """The name (core/versioned_cache.py) the first page of a buyer's register is kept under."""
    return f"register-table:{organisation_id}"


def register_choices(organisation: Organisation) -> RegisterChoices:
    """The register's filter choices, kept in the cache until a mission, place, membership
    or person of the buyer changes (contracts/register_choices.py): three queries become one read
    of the cache on every view of the register."""

    def make() -> RegisterChoices:
        return RegisterChoices(
            managers=[
                (str(user.pk), user.full_name or user.email)
                for user in contract_manager_choices(organisation)
            ],
            missions=[(mission.pk, mission.title) for mission in mission_choices(organisation)],
            places=[(place.pk, place.name) for place in place_choices(organisation)],
        )

    return kept(register_choices_name(organisation.pk), make)


# --- Contracts on commissioning pages (through contracts/templatetags/contract_sections.py) ---
@dataclass
class SpendGroup:
    """One row of the place-based lens: what touches the place in one spend area or mission."""

    label: str
    needs: int = 0
    commissions: int = 0
    budget_max: Decimal = Decimal(0)
    contracts: int = 0
    contracted: Decimal = Decimal(0)


@dataclass(frozen=True)
class PlaceMissionSpend:
    """One place inside the page's place, with its contracted spend for each mission."""

    place: Place
    by_mission: list[Decimal]
    total: Decimal


@dataclass(frozen=True)
class PlaceSpend:
    contracts: list[Contract]
    count: int
    total: Decimal
    by_category: list[SpendGroup]
    by_mission: list[SpendGroup]
    missions: list[str]
    by_place: list[PlaceMissionSpend]


PLACE_CONTRACTS_SHOWN = 10


def place_spend(
    *,
    covered: list[int],
    needs: QuerySet[Need],
    commissions: QuerySet[Commission],
    inside: list[tuple[Place, list[int]]] | None = None,
) -> PlaceSpend:
    """The place-based lens: the contracts tagged with any of the covered places (the
    largest few, their count and total), and the place's needs, commissions and contracts
    grouped by spend category and by mission; and, for each place inside this one (with
    the places inside it), the contracted spend for each mission.

    The needs and commissions are every one tagged here, unevaluated, from the place page
    (commissioning.selectors.place_detail). Needs, commissions and contracts are all
    counted by the database, so the page costs the same few queries however many there are.
    """
    here = Contract.objects.filter(pk__in=Contract.objects.filter(places__in=covered).values("pk"))
    totals = here.aggregate(count=Count("pk"), total=Sum("value"))
    contracts = list(
        here.select_related("provider", "commission")
        .prefetch_related(*tagged_here(covered))
        .order_by("-value", "title", "pk")[:PLACE_CONTRACTS_SHOWN]
    )

    uncategorised = "No spend category"
    by_category: dict[str, SpendGroup] = {}
    for row in (
        commissions.values("spend_category")
        .annotate(count=Count("pk"), budget=Sum("budget_max"))
        .order_by()
    ):
        category = row["spend_category"] or uncategorised
        group = by_category.setdefault(category, SpendGroup(category))
        group.commissions += row["count"]
        group.budget_max += row["budget"] or Decimal(0)
    for row in (
        here.values("commission__spend_category")
        .annotate(count=Count("pk"), total=Sum("value"))
        .order_by()
    ):
        category = row["commission__spend_category"] or uncategorised
        group = by_category.setdefault(category, SpendGroup(category))
        group.contracts += row["count"]
        group.contracted += row["total"]

    no_mission = "No mission"
    by_mission: dict[str, SpendGroup] = {}

    for row in needs.values("missions__title").annotate(count=Count("pk")).order_by():
        label = row["missions__title"] or no_mission
        by_mission.setdefault(label, SpendGroup(label)).needs += row["count"]
    for row in (
        commissions.values("missions__title")
        .annotate(count=Count("pk"), budget=Sum("budget_max"))
        .order_by()
    ):
        label = row["missions__title"] or no_mission
        group = by_mission.setdefault(label, SpendGroup(label))
        group.commissions += row["count"]
        group.budget_max += row["budget"] or Decimal(0)
    for row in (
        here.values("missions__title").annotate(count=Count("pk"), total=Sum("value")).order_by()
    ):
        label = row["missions__title"] or no_mission
        group = by_mission.setdefault(label, SpendGroup(label))
        group.contracts += row["count"]
        group.contracted += row["total"]

    def in_order(groups: dict[str, SpendGroup], last: str) -> list[SpendGroup]:
        return sorted(groups.values(), key=lambda g: (g.label == last, g.label.lower()))

    missions, by_place = _spend_by_place_and_mission(covered, inside or [], no_mission)
    return PlaceSpend(
        contracts=contracts,
        count=totals["count"],
        total=totals["total"] or Decimal(0),
        by_category=in_order(by_category, uncategorised),
        by_mission=in_order(by_mission, no_mission),
        missions=missions,
        by_place=by_place,
    )


def _spend_by_place_and_mission(
    covered: list[int], inside: list[tuple[Place, list[int]]], no_mission: str
) -> tuple[list[str], list[PlaceMissionSpend]]:
    """Contracted spend for each place inside the page's place, split by mission (one
    query). A contract tagged with two places in the same part counts once there; a
    contract serving two missions counts in full under each."""
    if not inside:
        return [], []
    part_of = {pk: index for index, (_, pks) in enumerate(inside) for pk in pks}
    seen: set[tuple[int, str, int]] = set()
    sums: dict[tuple[int, str], Decimal] = {}
    totals: dict[int, Decimal] = {}
    counted: set[tuple[int, int]] = set()
    rows = Contract.objects.filter(places__in=covered).values_list(
        "pk", "places", "missions__title", "value"
    )
    for contract_id, place_id, mission, value in rows:
        part = part_of.get(place_id)
        if part is None:
            continue
        label = mission or no_mission
        if (part, label, contract_id) not in seen:
            seen.add((part, label, contract_id))
            sums[(part, label)] = sums.get((part, label), Decimal(0)) + value
        if (part, contract_id) not in counted:
            counted.add((part, contract_id))
            totals[part] = totals.get(part, Decimal(0)) + value
    labels = sorted(
        {label for _, label in sums}, key=lambda name: (name == no_mission, name.lower())
    )
    return labels, [
        PlaceMissionSpend(
            place=place,
            by_mission=[sums.get((index, label), Decimal(0)) for label in labels],
            total=totals.get(index, Decimal(0)),
        )
        for index, (place, _) in enumerate(inside)
    ]


# --- Who hears about a contract -----------------------------------------------------------
def buyer_people(contract: Contract) -> list[User]:
    """The named contract manager, or, if none is named, every contract manager at the buyer."""
    if contract.contract_manager_id and contract.contract_manager.is_active:
        return [contract.contract_manager]
    return list(
        User.objects.filter(
            memberships__organisation_id=contract.organisation_id,
            memberships__role=Role.CONTRACT_MANAGER,
            is_active=True,
        ).distinct()
    )


def provider_people(contract: Contract) -> list[User]:
    if contract.provider_id is None:
        return []
    return list(
        User.objects.filter(
            memberships__organisation_id=contract.provider_id,
            memberships__role__in=[Role.SUPPLIER, Role.ADMIN],
            is_active=True,
        ).distinct()
    )
