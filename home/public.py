"""What anyone may read without signing in: each council's missions, whether they are
working, what was bought for them and from whom, and what social value it delivered.

Built from the same functions as the mission page (home/missions.py), so the public figures
are the council's own figures, with everything internal left out: draft missions, budgets
and tender estimates, internal notes, unpublished learning, check-ins and bids. Social value
counts verified returns only. Each page costs the same few queries whatever the number of
missions, outcomes or contracts; the contracts list is paginated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Organisation, OrganisationKind
from commissioning.models import (
    CommentStatus,
    Commission,
    EvidenceItem,
    Mission,
    Need,
    Outcome,
    PublicComment,
    SpecificationVersion,
)
from commissioning.selectors import PUBLIC_MISSION_STATES, public_missions
from commissioning.trends import trend_chart
from contracts.models import Contract
from contracts.voices.selectors import VoiceSummary, public_contract_voices
from core import charts
from home.missions import (
    NO_SOCIAL_VALUE,
    ZERO,
    ContractShare,
    SocialValueShare,
    TrendView,
    YearSpend,
    _contracted,
    _outcome_tallies,
    _social_value_shares,
    _spend_by_year,
    social_value_by_contract,
    social_value_chart,
)
from home.selectors import commissions_asking_for_views
from procurement.models import PUBLIC_STATUSES, Tender
from social_value.selectors import (
    PromisedDelivered,
    commitments_for,
    promised_vs_delivered,
    promised_vs_delivered_by_measure,
)


def public_councils() -> QuerySet[Organisation]:
    """Every public body, with how many missions it shows in public."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.PUBLIC_BODY)
        .annotate(
            mission_count=Count("missions", filter=Q(missions__status__in=PUBLIC_MISSION_STATES))
        )
        .order_by("name", "pk")
    )


def public_council(slug: str) -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.PUBLIC_BODY, slug=slug).first()


def public_mission(pk: int) -> Mission | None:
    return public_missions().select_related("organisation").filter(pk=pk).first()


def public_contract(pk: int) -> Contract | None:
    return (
        Contract.objects.filter(pk=pk, organisation__kind=OrganisationKind.PUBLIC_BODY)
        .select_related("organisation", "provider", "commission", "tender")
        .prefetch_related(Prefetch("missions", queryset=public_missions().order_by("title")))
        .first()
    )


def public_contracts(mission: Mission) -> QuerySet[Contract]:
    """The mission's contracts, biggest first, for one page of the public list."""
    return (
        Contract.objects.filter(missions=mission)
        .select_related("provider")
        .order_by("-value", "pk")
    )


# --- Outcomes and their trends -------------------------------------------------------------
@dataclass(frozen=True)
class PublicOutcome:
    outcome: Outcome
    trends: list[TrendView]


def _outcomes_with_trends(mission_ids: list[int]) -> dict[int, list[PublicOutcome]]:
    """Each mission's outcomes in order, each with its indicators' trends and charts
    (four queries however many missions, outcomes and readings)."""
    _, trends = _outcome_tallies(mission_ids)
    by_outcome: dict[int, list[TrendView]] = {}
    for trend in sorted(trends.values(), key=lambda t: (t.indicator.name, t.indicator.pk)):
        by_outcome.setdefault(trend.indicator.outcome_id, []).append(
            TrendView(trend, trend_chart(trend))
        )
    by_mission: dict[int, list[PublicOutcome]] = {}
    for outcome in Outcome.objects.filter(mission__in=mission_ids).order_by("position", "pk"):
        by_mission.setdefault(outcome.mission_id, []).append(
            PublicOutcome(outcome, by_outcome.get(outcome.pk, []))
        )
    return by_mission


# --- A council's public page ----------------------------------------------------------------
@dataclass(frozen=True)
class PublicMissionSummary:
    mission: Mission
    outcomes: list[PublicOutcome]
    contracted: Decimal
    contracts: int
    social_value: SocialValueShare


@dataclass(frozen=True)
class PublicCouncilPage:
    council: Organisation
    missions: list[PublicMissionSummary]
    commissions: list[Commission]


def public_council_page(council: Organisation) -> PublicCouncilPage:
    """The council's missions (not drafts), each with its outcomes' trends, what was
    contracted for it and the share of social value delivered."""
    missions = list(public_missions().filter(organisation=council).order_by("title", "pk"))
    ids = [mission.pk for mission in missions]
    outcomes = _outcomes_with_trends(ids)
    contracted = _contracted(ids)
    shares = _social_value_shares(ids)
    return PublicCouncilPage(
        council=council,
        commissions=list(public_commissions().filter(organisation=council)),
        missions=[
            PublicMissionSummary(
                mission=mission,
                outcomes=outcomes.get(mission.pk, []),
                contracted=sum((v for v, _ in contracted.get(mission.pk, {}).values()), ZERO),
                contracts=sum(n for _, n in contracted.get(mission.pk, {}).values()),
                social_value=shares.get(mission.pk, NO_SOCIAL_VALUE),
            )
            for mission in missions
        ],
    )


# --- A mission's public page ----------------------------------------------------------------
@dataclass(frozen=True)
class PublicContractRow:
    contract: Contract
    social_value: SocialValueShare


@dataclass(frozen=True)
class PublicMissionPage:
    mission: Mission
    outcomes: list[PublicOutcome]
    spend_by_year: list[YearSpend]
    contracted_total: Decimal
    contract_count: int
    spend_chart: charts.Chart | None
    contracts: Page
    contract_rows: list[PublicContractRow]
    social_value: list[PromisedDelivered]
    social_value_share: SocialValueShare
    social_value_chart: charts.Chart | None
    commissions: list[Commission]


def contracted_chart(spend: list[YearSpend]) -> charts.Chart | None:
    return charts.bar_chart(
        title="Spend contracted by financial year",
        categories=[year.label for year in spend],
        groups=[charts.Group("Contracted", [year.contracted for year in spend])],
        value_title="Spend (£)",
        kind="money",
        category_title="Financial year",
    )


def public_mission_page(mission: Mission, *, contracts: Page) -> PublicMissionPage:
    """The mission, its outcomes' trends, spend contracted by financial year, one page of
    its contracts (from `public_contracts`) with each one's social value, and social value
    promised and delivered across all of them."""
    ids = [mission.pk]
    spend = _spend_by_year({}, _contracted(ids).get(mission.pk, {}))
    page_contracts = list(contracts.object_list)
    shares: dict[int, ContractShare] = {
        row.contract_id: row
        for row in social_value_by_contract(
            Contract.objects.filter(pk__in=[contract.pk for contract in page_contracts])
        )
    }
    social_value = promised_vs_delivered_by_measure(Contract.objects.filter(missions=mission))
    return PublicMissionPage(
        mission=mission,
        outcomes=_outcomes_with_trends(ids).get(mission.pk, []),
        spend_by_year=spend,
        contracted_total=sum((year.contracted for year in spend), ZERO),
        contract_count=sum(year.contracts for year in spend),
        spend_chart=contracted_chart(spend),
        contracts=contracts,
        contract_rows=[
            PublicContractRow(
                contract,
                shares[contract.pk].share if contract.pk in shares else NO_SOCIAL_VALUE,
            )
            for contract in page_contracts
        ],
        social_value=social_value,
        social_value_share=_social_value_shares(ids).get(mission.pk, NO_SOCIAL_VALUE),
        social_value_chart=social_value_chart(social_value),
        commissions=list(public_commissions().filter(missions=mission)),
    )


# --- A contract's public page ---------------------------------------------------------------
@dataclass(frozen=True)
class PublicContractPage:
    contract: Contract
    summary: str
    missions: list[Mission]
    social_value: list[PromisedDelivered]
    # Only stories their tellers agreed to share, from check-ins both sides shared.
    voices: VoiceSummary

    @property
    def provider(self) -> str:
        return (
            self.contract.provider.name if self.contract.provider else self.contract.provider_name
        )


def public_contract_page(contract: Contract) -> PublicContractPage:
    """What was bought (the tender's published summary, else the commission's public summary
    once its council published it; never the commission's internal summary), from whom,
    for how much and how long, the missions it serves (not drafts), and each social value
    promise with what verified returns show was delivered."""
    if contract.tender and contract.tender.published_at:
        summary = contract.tender.summary
    elif contract.commission:
        summary = contract.commission.published_summary
    else:
        summary = ""
    return PublicContractPage(
        contract=contract,
        summary=summary,
        missions=list(contract.missions.all()),
        social_value=promised_vs_delivered(commitments_for(contract)),
        voices=public_contract_voices(contract),
    )


# --- A commission's public page: what we are buying and why ---------------------------------
def public_commissions() -> QuerySet[Commission]:
    """Commissions whose council published their public page, newest first."""
    return Commission.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk")


# How many commissions asking for views the index of public pages lists.
INVITING_LIMIT = 10


def commissions_inviting_views() -> QuerySet[Commission]:
    """Published commissions that ask for the public's views now, newest first, at most
    INVITING_LIMIT (the full list is `selectors.commissions_asking_for_views`)."""
    return commissions_asking_for_views()[:INVITING_LIMIT]


def public_commission(pk: int) -> Commission | None:
    return (
        public_commissions()
        .filter(pk=pk, organisation__kind=OrganisationKind.PUBLIC_BODY)
        .select_related("organisation")
        .first()
    )


def published_comments(commission: Commission) -> QuerySet[PublicComment]:
    """The comments the council published, oldest first: a conversation reads downwards.
    Hidden, unconfirmed and waiting comments are never among them."""
    return PublicComment.objects.filter(
        commission=commission, status=CommentStatus.PUBLISHED
    ).order_by("published_at", "pk")


@dataclass(frozen=True)
class HeardChanged:
    """A specification version and the published comments its change note answers.

    A comment its writer withdrew is no longer quoted, but the council's change note
    stays, saying how many of the comments it answered were withdrawn."""

    version: SpecificationVersion
    comments: list[PublicComment]
    withdrawn: int


@dataclass(frozen=True)
class PublicCommentRow:
    comment: PublicComment
    evidence_for: list[str]  # the titles of the needs it is evidence for
    changed_in: list[int]  # the numbers of the specification versions that answer it


@dataclass(frozen=True)
class PublicCommissionPage:
    commission: Commission
    missions: list[Mission]
    needs: list[Need]
    tenders: list[Tender]
    contracts: list[Contract]
    comments: Page
    comment_rows: list[PublicCommentRow]
    heard_changed: list[HeardChanged]

    @property
    def may_comment(self) -> bool:
        return self.commission.invites_views


def public_commission_page(commission: Commission, *, comments: Page) -> PublicCommissionPage:
    """What the council is buying and why (its public summary), the missions it serves
    (not drafts), the needs it answers (their titles and who has them, not the internal
    detail), its public tenders and its contracts, one page of published comments (from
    `published_comments`) with the council's replies, and "what we heard, what we
    changed": each specification version whose change note answers published comments
    (or comments since withdrawn: the note stays, the withdrawn words are not quoted).
    The same few queries however many comments, versions or needs."""
    page_comments = list(comments.object_list)
    ids = [comment.pk for comment in page_comments]
    evidence: dict[int, list[str]] = {}
    for comment_id, need_title in (
        EvidenceItem.objects.filter(from_comment__in=ids)
        .order_by("need__title")
        .values_list("from_comment_id", "need__title")
    ):
        evidence.setdefault(comment_id, []).append(need_title)
    changed: dict[int, list[int]] = {}
    for comment_id, number in (
        SpecificationVersion.answers_comments.through.objects.filter(publiccomment_id__in=ids)
        .order_by("specificationversion__number")
        .values_list("publiccomment_id", "specificationversion__number")
    ):
        changed.setdefault(comment_id, []).append(number)
    cited = "answers_comments"
    versions = (
        SpecificationVersion.objects.filter(specification__commission=commission)
        .annotate(
            published=Count(cited, filter=Q(answers_comments__status=CommentStatus.PUBLISHED)),
            withdrawn=Count(cited, filter=Q(answers_comments__status=CommentStatus.WITHDRAWN)),
        )
        .filter(Q(published__gt=0) | Q(withdrawn__gt=0))
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "answers_comments",
                queryset=PublicComment.objects.filter(status=CommentStatus.PUBLISHED).order_by(
                    "published_at", "pk"
                ),
            )
        )
    )
    return PublicCommissionPage(
        commission=commission,
        missions=list(public_missions().filter(commissions=commission).order_by("title", "pk")),
        needs=list(commission.needs.order_by("title", "pk")),
        tenders=list(
            Tender.objects.filter(commission=commission, status__in=PUBLIC_STATUSES).order_by(
                "-published_at", "-pk"
            )
        ),
        contracts=list(
            Contract.objects.filter(commission=commission)
            .select_related("provider")
            .order_by("start_date", "pk")
        ),
        comments=comments,
        comment_rows=[
            PublicCommentRow(comment, evidence.get(comment.pk, []), changed.get(comment.pk, []))
            for comment in page_comments
        ],
        heard_changed=[
            HeardChanged(version, list(version.answers_comments.all()), version.withdrawn)
            for version in versions
        ],
    )
