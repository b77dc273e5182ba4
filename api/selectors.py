"""What the read API reads: the public records under the same rules as the public pages
and opportunity search, and an organisation's own records as its register and lists
show them. Every list costs the same few queries whatever its length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from api.models import ApiToken
from commissioning.models import Commission, Indicator, Mission, Outcome
from commissioning.selectors import commissions_for, public_missions
from contracts.models import Contract
from contracts.selectors import PROVIDER_TYPES, RegisterFilters, contracts_for
from dialogue.models import OpportunityIndex
from dialogue.selectors import OpportunityFilters, opportunities_search
from procurement.models import Tender
from procurement.selectors import tenders_for_buyer


# --- Public ----------------------------------------------------------------------------------
def opportunities(filters: OpportunityFilters) -> QuerySet[OpportunityIndex]:
    """Open opportunities, exactly as the opportunity search finds them."""
    return opportunities_search(filters=filters, now=timezone.now()).select_related("tender")


def public_mission_ids(mission_ids: set[int]) -> set[int]:
    """Of these missions, the ones anyone may read (a tender may serve a draft mission)."""
    return set(public_missions().filter(pk__in=mission_ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class DateRange:
    after: datetime.date | None = None
    before: datetime.date | None = None


@dataclass(frozen=True)
class ContractFilters:
    buyer: str = ""  # a public body's slug
    status: str = ""
    kind: str = ""
    mission: int | None = None
    provider_type: str = ""
    starts: DateRange = DateRange()
    ends: DateRange = DateRange()


def _within(contracts: QuerySet[Contract], field: str, dates: DateRange) -> QuerySet[Contract]:
    if dates.after:
        contracts = contracts.filter(**{f"{field}__gte": dates.after})
    if dates.before:
        contracts = contracts.filter(**{f"{field}__lte": dates.before})
    return contracts


def _narrowed(contracts: QuerySet[Contract], filters: ContractFilters) -> QuerySet[Contract]:
    if filters.buyer:
        contracts = contracts.filter(organisation__slug=filters.buyer)
    if filters.status:
        contracts = contracts.filter(status=filters.status)
    if filters.kind:
        contracts = contracts.filter(kind=filters.kind)
    if filters.mission:
        serving = Contract.missions.through.objects.filter(mission_id=filters.mission)
        contracts = contracts.filter(pk__in=serving.values("contract_id"))
    if filters.provider_type in PROVIDER_TYPES:
        contracts = contracts.filter(
            provider__supplier_type__in=PROVIDER_TYPES[filters.provider_type][1]
        )
    return _within(_within(contracts, "start_date", filters.starts), "end_date", filters.ends)


def public_contracts(filters: ContractFilters = ContractFilters()) -> QuerySet[Contract]:
    """Every contract of a public body, as its public page shows it: the missions it
    serves leave out drafts, and the summary comes from a published tender only."""
    contracts = Contract.objects.filter(organisation__kind=OrganisationKind.PUBLIC_BODY)
    return (
        _narrowed(contracts, filters)
        .select_related("organisation", "provider", "tender", "commission")
        .prefetch_related(Prefetch("missions", queryset=public_missions().order_by("title", "pk")))
        .order_by("-start_date", "-pk")
    )


@dataclass(frozen=True)
class MissionFilters:
    council: str = ""  # a public body's slug
    status: str = ""


def _outcomes_with_indicators() -> Prefetch:
    return Prefetch(
        "outcomes",
        queryset=Outcome.objects.order_by("position", "pk").prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk"))
        ),
    )


def missions(filters: MissionFilters = MissionFilters()) -> QuerySet[Mission]:
    """Missions anyone may read (not drafts), each with its outcomes and indicators."""
    rows = public_missions().filter(organisation__kind=OrganisationKind.PUBLIC_BODY)
    if filters.council:
        rows = rows.filter(organisation__slug=filters.council)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return (
        rows.select_related("organisation")
        .prefetch_related(_outcomes_with_indicators())
        .order_by("organisation__name", "title", "pk")
    )


def outcomes(*, mission: int | None = None) -> QuerySet[Outcome]:
    """Outcomes of the missions anyone may read, each with its indicators."""
    rows = Outcome.objects.filter(mission__in=public_missions())
    if mission:
        rows = rows.filter(mission_id=mission)
    return (
        rows.select_related("mission")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk")))
        .order_by("mission_id", "position", "pk")
    )


# --- An organisation's own ---------------------------------------------------------------------
@dataclass(frozen=True)
class TenderFilters:
    status: str = ""
    procedure: str = ""
    deadline: DateRange = DateRange()


def own_tenders(organisation: Organisation, filters: TenderFilters) -> QuerySet[Tender]:
    """The council's tenders, drafts included, as its tender list shows them."""
    rows = tenders_for_buyer(organisation)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.procedure:
        rows = rows.filter(procedure=filters.procedure)
    if filters.deadline.after:
        rows = rows.filter(submission_deadline__date__gte=filters.deadline.after)
    if filters.deadline.before:
        rows = rows.filter(submission_deadline__date__lte=filters.deadline.before)
    return rows


def own_contracts(organisation: Organisation, filters: ContractFilters) -> QuerySet[Contract]:
    """The organisation's register: a council's contracts, or those a supplier provides,
    with every mission they serve (the organisation's own, drafts included)."""
    register = contracts_for(
        organisation,
        filters=RegisterFilters(
            status=filters.status,
            kind=filters.kind,
            mission=filters.mission,
            provider_type=filters.provider_type,
        ),
    )
    if filters.buyer:
        register = register.filter(organisation__slug=filters.buyer)
    register = _within(_within(register, "start_date", filters.starts), "end_date", filters.ends)
    # A supplier reads the missions of the council it works for only if they are public.
    missions_shown = (
        Mission.objects.all() if organisation.is_public_body else public_missions()
    ).order_by("title", "pk")
    return register.prefetch_related(Prefetch("missions", queryset=missions_shown))


@dataclass(frozen=True)
class CommissionFilters:
    status: str = ""
    mission: int | None = None


def own_commissions(organisation: Organisation, filters: CommissionFilters) -> QuerySet[Commission]:
    rows = commissions_for(organisation)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.mission:
        serving = Commission.missions.through.objects.filter(mission_id=filters.mission)
        rows = rows.filter(pk__in=serving.values("commission_id"))
    return rows


# --- Tokens ---------------------------------------------------------------------------------
def tokens_for(organisation: Organisation) -> QuerySet[ApiToken]:
    """The organisation's tokens, live ones first, with who made and revoked them."""
    return (
        ApiToken.objects.filter(organisation=organisation)
        .select_related("created_by", "revoked_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def token_get(organisation: Organisation, pk: int) -> ApiToken | None:
    return (
        ApiToken.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation")
        .first()
    )
