"""Is the mission working? The mission page's progress sections and the portfolio of every
mission, read across commissioning, procurement, contracts and social value.

home is the top layer, so this is the one place that may read all four apps together
(docs/architecture.md). The mission page (a commissioning page) shows `mission_progress`
through the `mission_progress` template tag (home/templatetags/mission_progress.py), the
portfolio page is home's own, and the mission progress PDF (home/report_kinds.py) is made
from the same page object.

Every figure is counted by the database and grouped by mission, so the mission page and
the portfolio share one implementation and each costs the same few queries whatever the
number of commissions, tenders or contracts. Lists show the first few with a link to the
full, filtered list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from accounts import permissions
from accounts.models import Organisation, SupplierType
from commissioning.models import (
    CommentStatus,
    Commission,
    CommissionStatus,
    EvidenceItem,
    EvidenceKind,
    Indicator,
    Mission,
    Need,
    Place,
)
from commissioning.selectors import indicator_trends
from commissioning.trends import trend_chart
from contracts.models import (
    CheckInContribution,
    CheckInStatus,
    Contract,
    ContractStatus,
    LearningEntry,
    ServiceUserVoice,
)
from contracts.selectors import VCSE_TYPES
from contracts.voices.selectors import shared_voice_stories
from core import charts
from core.financial_years import financial_year, financial_year_label
from procurement.bidder_feedback import FeedbackSummary, mission_feedback
from procurement.models import Bid, BidStatus, Tender, TenderParticipant, TenderStatus
from social_value.models import Commitment, DeliveryReturn, ReturnStatus
from social_value.selectors import PromisedDelivered, promised_vs_delivered_by_measure

TOP = 5
STORIES = 3
ZERO = Decimal(0)
MONEY = DecimalField(max_digits=16, decimal_places=2)

# A commission's budget counts as committed once its route is decided.
UNDECIDED = (CommissionStatus.SCOPING, CommissionStatus.OPTIONS_APPRAISAL)


# --- Financial years -----------------------------------------------------------------------
@dataclass
class YearSpend:
    year: int
    committed: Decimal = ZERO
    contracted: Decimal = ZERO
    contracts: int = 0

    @property
    def label(self) -> str:
        return financial_year_label(self.year)


def _committed(mission_ids: list[int]) -> dict[int, dict[int, Decimal]]:
    """What each mission's commissions committed, by financial year: a tender's estimated
    value in the year it was published (or drafted, if not yet published), and, for a
    commission with no valued tender, its upper budget (or its only budget figure) in the
    year its route was decided. Cancelled tenders and undecided commissions do not count."""
    valued = Q(estimated_value__isnull=False) & ~Q(status=TenderStatus.CANCELLED)
    by_mission: dict[int, dict[int, Decimal]] = {}
    tenders = (
        Tender.objects.filter(valued, commission__missions__in=mission_ids)
        .annotate(dated=Coalesce("published_at", "created_at"))
        .annotate(year=financial_year("dated"))
        .values("commission__missions", "year")
        .annotate(total=Sum("estimated_value"))
        .order_by()
    )
    for row in tenders:
        years = by_mission.setdefault(row["commission__missions"], {})
        years[row["year"]] = years.get(row["year"], ZERO) + row["total"]
    budgets = (
        Commission.objects.filter(missions__in=mission_ids)
        .exclude(status__in=UNDECIDED)
        .exclude(Exists(Tender.objects.filter(valued, commission=OuterRef("pk"))))
        .annotate(amount=Coalesce("budget_max", "budget_min"))
        .filter(amount__isnull=False)
        .annotate(dated=Coalesce("decided_at", "created_at"))
        .annotate(year=financial_year("dated"))
        .values("missions", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in budgets:
        years = by_mission.setdefault(row["missions"], {})
        years[row["year"]] = years.get(row["year"], ZERO) + row["total"]
    return by_mission


def _contracted(mission_ids: list[int]) -> dict[int, dict[int, tuple[Decimal, int]]]:
    """Each mission's contracts' values and counts by the financial year each starts in."""
    rows = (
        Contract.objects.filter(missions__in=mission_ids)
        .annotate(year=financial_year("start_date"))
        .values("missions", "year")
        .annotate(total=Sum("value"), count=Count("pk"))
        .order_by()
    )
    by_mission: dict[int, dict[int, tuple[Decimal, int]]] = {}
    for row in rows:
        by_mission.setdefault(row["missions"], {})[row["year"]] = (row["total"], row["count"])
    return by_mission


def _spend_by_year(
    committed: dict[int, Decimal], contracted: dict[int, tuple[Decimal, int]]
) -> list[YearSpend]:
    years = sorted(set(committed) | set(contracted))
    return [
        YearSpend(
            year=year,
            committed=committed.get(year, ZERO),
            contracted=contracted.get(year, (ZERO, 0))[0],
            contracts=contracted.get(year, (ZERO, 0))[1],
        )
        for year in years
    ]


# --- States ------------------------------------------------------------------------------
@dataclass(frozen=True)
class StateCount:
    status: str
    label: str
    count: int


def _states(queryset: QuerySet, mission_field: str, mission_ids: list[int]) -> dict[int, dict]:
    rows = (
        queryset.filter(**{f"{mission_field}__in": mission_ids})
        .values(mission_field, "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_mission: dict[int, dict[str, int]] = {}
    for row in rows:
        by_mission.setdefault(row[mission_field], {})[row["status"]] = row["count"]
    return by_mission


def _state_rows(counts: dict[str, int], choices: list[tuple[str, str]]) -> list[StateCount]:
    """Every state in lifecycle order, with how many are in it (none left out, so the
    table reads the same for every mission)."""
    return [StateCount(value, label, counts.get(value, 0)) for value, label in choices]


# --- Social value --------------------------------------------------------------------------
@dataclass(frozen=True)
class SocialValueShare:
    """How much of what was promised has been delivered, as one figure for a mission.

    Promises are counted in different units (jobs, hours, tonnes), so they cannot be
    added up. Each promise is scored as the share of it delivered (verified returns only,
    at most 100%), and the figure is the average over the promises."""

    promises: int
    fully_delivered: int
    average: Decimal | None

    @property
    def percent(self) -> int | None:
        return None if self.average is None else round(self.average * 100)


def _with_delivered_share(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Each promise with what was delivered (verified returns only) and the share of the
    promise that is, at most 1."""
    verified = (
        DeliveryReturn.objects.filter(commitment=OuterRef("pk"), status=ReturnStatus.VERIFIED)
        .values("commitment")
        .annotate(total=Sum("quantity_delivered"))
        .values("total")
    )
    return commitments.annotate(
        delivered=Coalesce(Subquery(verified, output_field=MONEY), Value(ZERO))
    ).annotate(
        share=ExpressionWrapper(
            Least(F("delivered") / F("quantity"), Value(Decimal(1))), output_field=MONEY
        )
    )


SHARE_AGGREGATES = {
    "average": Avg("share"),
    "promises": Count("pk"),
    "met": Count("pk", filter=Q(delivered__gte=F("quantity"))),
}


def _share(row: dict[str, Any]) -> SocialValueShare:
    return SocialValueShare(
        promises=row["promises"], fully_delivered=row["met"], average=row["average"]
    )


def _social_value_shares(mission_ids: list[int]) -> dict[int, SocialValueShare]:
    rows = (
        _with_delivered_share(Commitment.objects.filter(contract__missions__in=mission_ids))
        .values("contract__missions")
        .annotate(**SHARE_AGGREGATES)
        .order_by()
    )
    return {row["contract__missions"]: _share(row) for row in rows}


def social_value_share(contracts: QuerySet[Contract]) -> SocialValueShare:
    """The share of social value delivered across some contracts (one query)."""
    return _share(
        _with_delivered_share(Commitment.objects.filter(contract__in=contracts)).aggregate(
            **SHARE_AGGREGATES
        )
    )


@dataclass(frozen=True)
class ContractShare:
    contract_id: int
    title: str
    provider: str
    share: SocialValueShare


def social_value_by_contract(contracts: QuerySet[Contract]) -> list[ContractShare]:
    """Each contract with promises, with the share of them delivered (one query)."""
    rows = (
        _with_delivered_share(Commitment.objects.filter(contract__in=contracts))
        .values(
            "contract_id", "contract__title", "contract__provider__name", "contract__provider_name"
        )
        .annotate(**SHARE_AGGREGATES)
        .order_by("contract__title", "contract_id")
    )
    return [
        ContractShare(
            contract_id=row["contract_id"],
            title=row["contract__title"],
            provider=row["contract__provider__name"] or row["contract__provider_name"],
            share=_share(row),
        )
        for row in rows
    ]


NO_SOCIAL_VALUE = SocialValueShare(promises=0, fully_delivered=0, average=None)


# --- Outcomes --------------------------------------------------------------------------------
@dataclass
class OutcomeTally:
    on_track: int = 0
    off_track: int = 0
    cannot_tell: int = 0
    no_readings: int = 0

    @property
    def judged(self) -> bool:
        return bool(self.on_track or self.off_track or self.cannot_tell)


NO_READINGS = "no readings"


def _outcome_verdicts(trends: Iterable[Any]) -> dict[int, bool | str | None]:
    """Each outcome's verdict from its indicators' trends: off track if any indicator is
    off track, on track if at least one is on track and none is off, no readings if none of
    its indicators has a reading yet, otherwise cannot tell."""
    by_outcome: dict[int, list[Any]] = {}
    for trend in trends:
        by_outcome.setdefault(trend.indicator.outcome_id, []).append(trend)
    verdicts: dict[int, bool | str | None] = {}
    for outcome_id, outcome_trends in by_outcome.items():
        judged = {trend.on_track for trend in outcome_trends}
        if False in judged:
            verdicts[outcome_id] = False
        elif True in judged:
            verdicts[outcome_id] = True
        elif not any(trend.has_readings for trend in outcome_trends):
            verdicts[outcome_id] = NO_READINGS
        else:
            verdicts[outcome_id] = None
    return verdicts


def _outcome_tallies(mission_ids: list[int]) -> tuple[dict[int, OutcomeTally], dict[int, Any]]:
    """How many of each mission's outcomes are on track, off track, cannot tell yet or have
    no readings, and every indicator's trend (three queries)."""
    outcomes = list(
        Indicator.objects.filter(outcome__mission__in=mission_ids)
        .values_list("pk", "outcome_id", "outcome__mission_id")
        .order_by()
    )
    trends = indicator_trends(pk for pk, _, _ in outcomes)
    verdicts = _outcome_verdicts(trends.values())
    mission_of = {outcome_id: mission_id for _, outcome_id, mission_id in outcomes}
    tallies: dict[int, OutcomeTally] = {}
    for outcome_id, verdict in verdicts.items():
        tally = tallies.setdefault(mission_of[outcome_id], OutcomeTally())
        if verdict is True:
            tally.on_track += 1
        elif verdict is False:
            tally.off_track += 1
        elif verdict == NO_READINGS:
            tally.no_readings += 1
        else:
            tally.cannot_tell += 1
    return tallies, trends


# --- Who bids and who wins -------------------------------------------------------------------
SME_TYPES = {SupplierType.MICRO, SupplierType.SMALL, SupplierType.MEDIUM}
MARKET_GROUPS = [
    ("micro", "Micro businesses"),
    ("small", "Small businesses"),
    ("medium", "Medium-sized businesses"),
    ("sme", "All small and medium-sized businesses (SMEs)"),
    ("vcse", "Voluntary, community and social enterprises (VCSEs)"),
    ("large", "Large businesses"),
    ("other", "Public bodies, or type not given"),
    ("local", "Local organisations"),
]
_POSTCODE_AREA = re.compile(r"^\s*([A-Za-z]{1,2})\d")


def postcode_area(postcode: str) -> str:
    """The letters a UK postcode starts with (NB in NB2 4QT, M in M1 1AA), or ''."""
    match = _POSTCODE_AREA.match(postcode or "")
    return match.group(1).upper() if match else ""


def _sql_regex_literal(text: str) -> str:
    """Text matched literally in a PostgreSQL regular expression: a backslash before a
    character that is not a letter, digit or space makes it an ordinary character."""
    return re.sub(r"([^\w\s])", r"\\\1", text)


@dataclass(frozen=True)
class LocalRule:
    """Who counts as local to a council, said the same way on the page and in the code.

    A supplier is local when its registered postcode is in the same postcode area as the
    council's registered postcode, or when the places it says it serves name one of the
    council's places (a whole-word match, in any case)."""

    area: str
    place_names: tuple[str, ...]

    def is_local(self, organisation: Organisation) -> bool:
        if self.area and postcode_area(organisation.postcode) == self.area:
            return True
        served = organisation.places_served or ""
        return any(
            re.search(rf"\b{re.escape(name)}\b", served, re.IGNORECASE) for name in self.place_names
        )

    def q(self, prefix: str = "") -> Q:
        """The same rule as a filter on organisations (`prefix` reaches them from another
        model, such as "provider__"), so the database counts local suppliers: the postcode
        starts with the area's letters and then a digit, or the places served name a
        place as a whole word (PostgreSQL's \\y is Python's \\b)."""
        local = Q(pk__in=[])
        if self.area:
            local |= Q(**{f"{prefix}postcode__iregex": rf"^\s*{self.area}\d"})
        names = [name for name in self.place_names if name]
        if names:
            words = "|".join(_sql_regex_literal(name) for name in names)
            local |= Q(**{f"{prefix}places_served__iregex": rf"\y({words})\y"})
        return local


def local_rule_for(organisation: Organisation) -> LocalRule:
    names = Place.objects.filter(organisation=organisation).values_list("name", flat=True)
    return LocalRule(area=postcode_area(organisation.postcode), place_names=tuple(names))


def market_filters(rule: LocalRule, prefix: str = "") -> dict[str, Q]:
    """Each row of the who-bids-who-wins table as a filter on organisations: which
    suppliers it counts."""
    kind = f"{prefix}supplier_type"
    named = SME_TYPES | set(VCSE_TYPES) | {SupplierType.LARGE}
    return {
        "micro": Q(**{kind: SupplierType.MICRO}),
        "small": Q(**{kind: SupplierType.SMALL}),
        "medium": Q(**{kind: SupplierType.MEDIUM}),
        "sme": Q(**{f"{kind}__in": SME_TYPES}),
        "vcse": Q(**{f"{kind}__in": VCSE_TYPES}),
        "large": Q(**{kind: SupplierType.LARGE}),
        "other": ~Q(**{f"{kind}__in": named}),
        "local": rule.q(prefix),
    }


@dataclass(frozen=True)
class Share:
    count: int
    total: int

    @property
    def percent(self) -> int:
        return round(self.count * 100 / self.total) if self.total else 0


@dataclass(frozen=True)
class ValueShare:
    value: Decimal
    total: Decimal

    @property
    def percent(self) -> int:
        return round(self.value * 100 / self.total) if self.total else 0


@dataclass(frozen=True)
class MarketRow:
    key: str
    label: str
    participants: Share
    bidders: Share
    winners: Share
    value: ValueShare


@dataclass(frozen=True)
class Market:
    participants: int
    bidders: int
    winners: int
    value: Decimal
    rows: list[MarketRow]
    rule: LocalRule


def _counted_by_group(suppliers: QuerySet[Organisation], filters: dict[str, Q]) -> dict[str, int]:
    """How many of these suppliers each row counts, and all of them, in one query."""
    return suppliers.aggregate(
        all=Count("pk"), **{key: Count("pk", filter=q) for key, q in filters.items()}
    )


def who_bids_and_wins(mission: Mission) -> Market:
    """Who took part in, bid for and won the mission's work, by type of organisation and
    whether it is local, as shares of each total (four queries: each column is counted
    by group in the database, whatever the number of suppliers).

    Participants: suppliers that took part in a tender for a commission serving the
    mission (withdrawn or not). Bidders: suppliers that submitted a bid, counted only once
    the tender's bids are opened, so a sealed bid stays sealed. Winners: providers of the
    contracts serving the mission, with those contracts' value; in-house services have no
    provider organisation and are left out."""
    rule = local_rule_for(mission.organisation)
    filters = market_filters(rule)
    participants = _counted_by_group(
        Organisation.objects.filter(
            pk__in=TenderParticipant.objects.filter(tender__commission__missions=mission).values(
                "supplier_id"
            )
        ),
        filters,
    )
    bidders = _counted_by_group(
        Organisation.objects.filter(
            pk__in=Bid.objects.filter(
                tender__commission__missions=mission,
                tender__bids_opened_at__isnull=False,
                status=BidStatus.SUBMITTED,
            ).values("supplier_id")
        ),
        filters,
    )
    provider_filters = market_filters(rule, "provider__")
    won = Contract.objects.filter(missions=mission, provider__isnull=False).aggregate(
        winners=Count("provider", distinct=True),
        total_value=Sum("value", default=ZERO),
        **{
            f"{key}_winners": Count("provider", distinct=True, filter=q)
            for key, q in provider_filters.items()
        },
        **{
            f"{key}_value": Sum("value", filter=q, default=ZERO)
            for key, q in provider_filters.items()
        },
    )
    rows = [
        MarketRow(
            key=key,
            label=label,
            participants=Share(participants[key], participants["all"]),
            bidders=Share(bidders[key], bidders["all"]),
            winners=Share(won[f"{key}_winners"], won["winners"]),
            value=ValueShare(won[f"{key}_value"], won["total_value"]),
        )
        for key, label in MARKET_GROUPS
    ]
    return Market(
        participants=participants["all"],
        bidders=bidders["all"],
        winners=won["winners"],
        value=won["total_value"],
        rows=rows,
        rule=rule,
    )


# --- Stories and learning ----------------------------------------------------------------------
def shared_stories(mission: Mission, *, limit: int = STORIES) -> list[CheckInContribution]:
    """The latest check-in stories about the mission's contracts that anyone who may read
    the contracts may read: submitted parts of check-ins that both sides have shared. A
    check-in still being written, and any side's draft, never shows."""
    return list(
        CheckInContribution.objects.filter(
            checkin__contract__missions=mission,
            checkin__status=CheckInStatus.PUBLISHED,
            submitted_at__isnull=False,
        )
        .select_related("checkin__contract")
        .order_by("-checkin__held_on", "-submitted_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class MissionLearning:
    count: int
    did_not_work_count: int
    latest: list[LearningEntry]
    did_not_work: list[LearningEntry]


def mission_learning(mission: Mission, *, reader: Any, limit: int = STORIES) -> MissionLearning:
    """Learning about the mission: entries tagged with it, or about its contracts. The
    council's own people read every entry; anyone else only what it published."""
    entries = LearningEntry.objects.filter(organisation_id=mission.organisation_id).filter(
        Q(pk__in=LearningEntry.objects.filter(missions=mission).values("pk"))
        | Q(contract__in=Contract.objects.filter(missions=mission).values("pk"))
    )
    if not permissions.can(reader, "commissioning.view", mission):
        entries = entries.filter(is_public=True)
    counts = entries.aggregate(
        count=Count("pk"), did_not_work=Count("pk", filter=Q(did_not_work=True))
    )
    ordered = entries.select_related("contract").order_by("-created_at", "-pk")
    return MissionLearning(
        count=counts["count"],
        did_not_work_count=counts["did_not_work"],
        latest=list(ordered.filter(did_not_work=False)[:limit]),
        did_not_work=list(ordered.filter(did_not_work=True)[:limit]),
    )


# --- Charts (core/charts.py: the same SVG and table on the page and in the PDF) ----------------
def spend_chart(spend: list[YearSpend]) -> charts.Chart | None:
    return charts.bar_chart(
        title="Spend committed and contracted by financial year",
        categories=[year.label for year in spend],
        groups=[
            charts.Group("Committed", [year.committed for year in spend]),
            charts.Group("Contracted", [year.contracted for year in spend]),
        ],
        value_title="Spend (£)",
        kind="money",
        category_title="Financial year",
    )


def social_value_chart(rows: list[PromisedDelivered]) -> charts.Chart | None:
    """Each measure's delivery as a share of its promise, so measures in different units
    sit on one scale."""
    return charts.bar_chart(
        title="Social value delivered as a share of what was promised",
        categories=[f"{row.label} ({row.unit})" for row in rows],
        groups=[
            charts.Group(
                "Delivered and checked",
                [
                    round(row.delivered * 100 / row.promised) if row.promised else None
                    for row in rows
                ],
            )
        ],
        value_title="Share of the promise delivered (%)",
        kind="percent",
        category_title="Measure",
        horizontal=True,
        reference=charts.Reference(100),
        reference_name="All of the promise",
    )


def portfolio_chart(rows: list[PortfolioRow]) -> charts.Chart | None:
    return charts.bar_chart(
        title="Spend committed and contracted by mission",
        categories=[row.mission.title for row in rows],
        groups=[
            charts.Group("Committed", [row.committed for row in rows]),
            charts.Group("Contracted", [row.contracted for row in rows]),
        ],
        value_title="Spend (£)",
        kind="money",
        category_title="Mission",
        horizontal=True,
    )


@dataclass(frozen=True)
class TrendView:
    """One indicator's trend with its chart, for the outcomes section."""

    trend: Any
    chart: charts.Chart | None


# --- The mission page ---------------------------------------------------------------------------
@dataclass(frozen=True)
class NeedsSummary:
    count: int
    evidence_count: int
    top: list[Need]
    latest_evidence: list[EvidenceItem]


def needs_summary(mission: Mission) -> NeedsSummary:
    """How many needs the mission answers and how much evidence backs them; the needs with
    the most evidence, and the latest evidence, residents' own words first (not those
    their writer withdrew)."""
    needs = Need.objects.filter(missions=mission)
    evidence = EvidenceItem.objects.filter(need__missions=mission)
    return NeedsSummary(
        count=needs.count(),
        evidence_count=evidence.count(),
        top=list(
            needs.annotate(evidence_count=Count("evidence")).order_by(
                "-evidence_count", "title", "pk"
            )[:TOP]
        ),
        # Residents' words whose writer withdrew them are no longer held up as the latest.
        latest_evidence=list(
            evidence.exclude(from_comment__status=CommentStatus.WITHDRAWN)
            .select_related("need")
            .annotate(
                voice_first=Case(
                    When(kind=EvidenceKind.COMMUNITY_VOICE, then=Value(0)), default=Value(1)
                )
            )
            .order_by("voice_first", "-created_at", "-pk")[:STORIES]
        ),
    )


@dataclass(frozen=True)
class MissionProgress:
    """Everything the mission page and the mission progress PDF show about progress."""

    mission: Mission
    spend_by_year: list[YearSpend]
    committed_total: Decimal
    contracted_total: Decimal
    contract_count: int
    contract_states: list[StateCount]
    commission_count: int
    commission_states: list[StateCount]
    top_contracts: list[Contract]
    latest_commissions: list[Commission]
    tender_count: int
    latest_tenders: list[Tender]
    trends: list[TrendView]
    outcomes: OutcomeTally
    spend_chart: charts.Chart | None
    social_value_chart: charts.Chart | None
    social_value: list[PromisedDelivered]
    social_value_share: SocialValueShare
    market: Market
    stories: list[CheckInContribution]
    # What people who use the mission's services said, at check-ins both sides shared.
    voice_stories: list[ServiceUserVoice]
    # What bidders said about the process, over tenders with enough answers to show.
    bidder_feedback: FeedbackSummary
    learning: MissionLearning
    needs: NeedsSummary


def mission_progress(mission: Mission, *, reader: Any) -> MissionProgress:
    """Is the mission working? Spend committed and contracted by financial year, contracts
    and commissions by state, each outcome's trend, social value promised and delivered,
    the latest shared stories and learning, who bids and who wins, and the needs with
    their evidence. A constant number of queries whatever the mission's size."""
    ids = [mission.pk]
    committed = _committed(ids).get(mission.pk, {})
    contracted = _contracted(ids).get(mission.pk, {})
    spend = _spend_by_year(committed, contracted)
    contract_counts = _states(Contract.objects.all(), "missions", ids).get(mission.pk, {})
    commission_counts = _states(Commission.objects.all(), "missions", ids).get(mission.pk, {})
    tallies, trends = _outcome_tallies(ids)
    contracts = Contract.objects.filter(missions=mission)
    social_value = promised_vs_delivered_by_measure(contracts)
    tenders = Tender.objects.filter(commission__missions=mission)
    return MissionProgress(
        mission=mission,
        spend_by_year=spend,
        committed_total=sum((year.committed for year in spend), ZERO),
        contracted_total=sum((year.contracted for year in spend), ZERO),
        contract_count=sum(contract_counts.values()),
        contract_states=_state_rows(contract_counts, ContractStatus.choices),
        commission_count=sum(commission_counts.values()),
        commission_states=_state_rows(commission_counts, CommissionStatus.choices),
        top_contracts=list(contracts.select_related("provider").order_by("-value", "pk")[:TOP]),
        latest_commissions=list(
            Commission.objects.filter(missions=mission)
            .select_related("owner")
            .order_by("-updated_at", "-pk")[:TOP]
        ),
        tender_count=tenders.count(),
        latest_tenders=list(
            tenders.select_related("commission").order_by("-submission_deadline", "-pk")[:TOP]
        ),
        trends=[
            TrendView(trend, trend_chart(trend))
            for trend in sorted(
                trends.values(),
                key=lambda t: (
                    t.indicator.outcome.position,
                    t.indicator.outcome_id,
                    t.indicator.name,
                ),
            )
        ],
        outcomes=tallies.get(mission.pk, OutcomeTally()),
        spend_chart=spend_chart(spend),
        social_value=social_value,
        social_value_chart=social_value_chart(social_value),
        social_value_share=_social_value_shares(ids).get(mission.pk, NO_SOCIAL_VALUE),
        market=who_bids_and_wins(mission),
        stories=shared_stories(mission),
        voice_stories=shared_voice_stories(contracts),
        bidder_feedback=mission_feedback(tenders),
        learning=mission_learning(mission, reader=reader),
        needs=needs_summary(mission),
    )


# --- The portfolio ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PortfolioRow:
    mission: Mission
    committed: Decimal
    contracted: Decimal
    contracts: int
    live_contracts: int
    commissions: int
    outcomes: OutcomeTally
    social_value: SocialValueShare


LIVE = (ContractStatus.MOBILISING, ContractStatus.ACTIVE, ContractStatus.IN_EXTENSION)


def portfolio(organisation: Organisation) -> list[PortfolioRow]:
    """Every one of the council's missions with its headline figures: spend committed and
    contracted, contracts (and how many are live), commissions, outcomes on and off track,
    and the share of social value delivered. The same few queries for any number of
    missions and contracts. A contract or commission serving two missions counts in both,
    so the columns are not added up."""
    missions = list(
        Mission.objects.filter(organisation=organisation)
        .select_related("lead")
        .order_by("title", "pk")
    )
    ids = [mission.pk for mission in missions]
    committed = _committed(ids)
    contracted = _contracted(ids)
    contract_states = _states(Contract.objects.all(), "missions", ids)
    commission_states = _states(Commission.objects.all(), "missions", ids)
    tallies, _ = _outcome_tallies(ids)
    shares = _social_value_shares(ids)
    return [
        PortfolioRow(
            mission=mission,
            committed=sum(committed.get(mission.pk, {}).values(), ZERO),
            contracted=sum((v for v, _ in contracted.get(mission.pk, {}).values()), ZERO),
            contracts=sum(contract_states.get(mission.pk, {}).values()),
            live_contracts=sum(contract_states.get(mission.pk, {}).get(s, 0) for s in LIVE),
            commissions=sum(commission_states.get(mission.pk, {}).values()),
            outcomes=tallies.get(mission.pk, OutcomeTally()),
            social_value=shares.get(mission.pk, NO_SOCIAL_VALUE),
        )
        for mission in missions
    ]
