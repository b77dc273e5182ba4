"""Price scores, weighted totals and ranking, computed from the moderated scores.

Nothing here is stored: the result is always what the consensus scores and price
schedules say now. A fixed number of queries, whatever the number of bids.

Tie-break (documented for bidders in the feedback letter): if two bids have the same
weighted total, the one with the higher combined quality and social value score ranks
first; if still equal, the lower total price; if still equal, the earlier submission.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from procurement.criteria import HUNDRED, effective_weights, lot_criteria
from procurement.lots import lot_questions
from procurement.models import (
    Bid,
    BidStatus,
    ConsensusScore,
    Criterion,
    CriterionKind,
    Lot,
    LotStatus,
    PriceFormula,
    PriceLine,
    Tender,
    TenderQuestion,
    TenderStatus,
)

TIE_BREAK_RULE = (
    "If two bids have the same total, the one with the higher quality and social value "
    "score ranks first. If they are still equal, the lower price ranks first. If they are "
    "still equal, the bid submitted first ranks first."
)
TWO_PLACES = Decimal("0.01")


@dataclass
class CriterionResult:
    name: str
    kind: str
    weight: Decimal
    score: Decimal = Decimal(0)


@dataclass
class BidResult:
    bid: Bid
    price: Decimal | None
    price_score: Decimal = Decimal(0)
    quality_score: Decimal = Decimal(0)
    criteria: list[CriterionResult] = field(default_factory=list)
    rank: int = 0
    moderated: int = 0
    expected: int = 0  # how many answers need a consensus score

    @property
    def total(self) -> Decimal:
        return (self.quality_score + self.price_score).quantize(TWO_PLACES, ROUND_HALF_UP)


def bid_price(bid: Bid) -> Decimal | None:
    """A bid's total price from its price schedule (prefetched price_lines)."""
    lines = list(bid.price_lines.all())
    if not lines:
        return None
    return sum((line.quantity * line.unit_price for line in lines), Decimal(0))


def bid_price_for_lot(bid: Bid, lot: Lot) -> Decimal | None:
    """A bid's price for one lot: the sum of its price lines for that lot."""
    lines = list(bid.price_lines.filter(lot=lot))
    if not lines:
        return None
    return sum((line.quantity * line.unit_price for line in lines), Decimal(0))


def price_score(
    price: Decimal | None, lowest: Decimal | None, weight: Decimal, formula: str
) -> Decimal:
    """Points out of the price weight. A bid with no price schedule scores 0."""
    if price is None or lowest is None:
        return Decimal(0)
    if price == 0:
        return weight
    if formula == PriceFormula.LINEAR:
        fraction = max(Decimal(0), 1 - (price - lowest) / lowest) if lowest else Decimal(0)
    else:
        fraction = lowest / price
    return weight * fraction


def tender_results(tender: Tender) -> list[BidResult]:
    """Every submitted bid with price score, weighted score per criterion, total and rank."""
    bids = (
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
        .select_related("supplier")
        .prefetch_related(
            Prefetch("price_lines", queryset=PriceLine.objects.all()),
            Prefetch("consensus_scores", queryset=ConsensusScore.objects.all()),
        )
    )
    return _ranked(tender, list(bids), list(tender.questions.all()), list(tender.criteria.all()))


def lot_results(lot: Lot) -> list[BidResult]:
    """The ranking for one lot: the submitted bids that cover it, each priced on its
    price lines for this lot alone, scored on the lot's questions (its own, or the
    tender's: see procurement.lots) under the lot's weights (its own, or the tender's:
    see procurement.criteria)."""
    tender = lot.tender
    bids = (
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED, bid_lots__lot=lot)
        .select_related("supplier")
        .prefetch_related(
            Prefetch("price_lines", queryset=PriceLine.objects.filter(lot=lot)),
            Prefetch("consensus_scores", queryset=ConsensusScore.objects.all()),
        )
    )
    return _ranked(
        tender, list(bids), lot_questions(lot.pk, tender.questions.all()), lot_criteria(lot)
    )


def _ranked(
    tender: Tender,
    bids: list[Bid],
    questions: list[TenderQuestion],
    criteria: list[Criterion],
) -> list[BidResult]:
    shares = effective_weights(criteria)
    per_leaf: dict[int, int] = {}
    for question in questions:
        per_leaf[question.criterion_id] = per_leaf.get(question.criterion_id, 0) + 1
    top = [criterion for criterion in criteria if criterion.parent_id is None]
    top_of = {c.pk: (c.parent_id or c.pk) for c in criteria}
    price_weight = sum((c.weight for c in top if c.kind == CriterionKind.PRICE), Decimal(0))
    results = [BidResult(bid=bid, price=bid_price(bid)) for bid in bids]
    prices = [r.price for r in results if r.price is not None]
    lowest = min(prices) if prices else None
    max_score = Decimal(tender.max_score or 5)
    for result in results:
        result.bid.tender = tender
        asked = {question.pk for question in questions}
        consensus = {
            c.question_id: c.score
            for c in result.bid.consensus_scores.all()
            if c.question_id in asked
        }
        result.moderated = len(consensus)
        result.expected = len(questions)
        by_top: dict[int, Decimal] = {c.pk: Decimal(0) for c in top}
        for question in questions:
            if question.criterion_id is None or question.pk not in consensus:
                continue
            share = shares.get(question.criterion_id, Decimal(0)) / per_leaf[question.criterion_id]
            by_top[top_of[question.criterion_id]] += (
                share * Decimal(consensus[question.pk]) / max_score
            )
        result.price_score = price_score(result.price, lowest, price_weight, tender.price_formula)
        for criterion in top:
            score = (
                result.price_score
                if criterion.kind == CriterionKind.PRICE
                else by_top[criterion.pk]
            )
            result.criteria.append(
                CriterionResult(
                    name=criterion.name,
                    kind=criterion.kind,
                    weight=criterion.weight,
                    score=score.quantize(TWO_PLACES, ROUND_HALF_UP),
                )
            )
        result.quality_score = sum(
            (by_top[c.pk] for c in top if c.kind != CriterionKind.PRICE), Decimal(0)
        )
    results.sort(
        key=lambda r: (
            -r.total,
            -r.quality_score,
            r.price if r.price is not None else Decimal("Infinity"),
            r.bid.submitted_at,
            r.bid.pk,
        )
    )
    for rank, result in enumerate(results, start=1):
        result.rank = rank
    return results


# --- Outcome for bidders -----------------------------------------------------------------------
# A bidder learns the outcome when the buyer publishes the contract award notice, which
# starts the standstill and sends the feedback letters.
TENDER_OUTCOME_SENT = frozenset(
    {TenderStatus.STANDSTILL, TenderStatus.READY_TO_AWARD, TenderStatus.AWARDED}
)
LOT_OUTCOME_SENT = frozenset({LotStatus.STANDSTILL, LotStatus.AWARDED})


@dataclass(frozen=True)
class Outcome:
    lot: str  # blank in a tender without lots
    successful: bool


def bid_outcomes(bid: Bid) -> list[Outcome]:
    """Whether a submitted bid succeeded, once the bidders have been told: for the
    tender, or for each lot it covers whose standstill has started (a lot no one could
    win is unsuccessful for all, once the tender's standstill is under way). Reads the
    bid's tender and its prefetched `bid_lots__lot`; no query of its own."""
    tender = bid.tender
    if bid.status != BidStatus.SUBMITTED:
        return []
    covered = [bid_lot.lot for bid_lot in bid.bid_lots.all()]
    if not covered:
        if tender.status in TENDER_OUTCOME_SENT and tender.winning_bid_id:
            return [Outcome(lot="", successful=tender.winning_bid_id == bid.pk)]
        return []
    return [
        Outcome(lot=lot.title, successful=lot.winning_bid_id == bid.pk)
        for lot in sorted(covered, key=lambda lot: (lot.position, lot.pk))
        if lot.status in LOT_OUTCOME_SENT
        or (lot.status == LotStatus.NO_AWARD and tender.status in TENDER_OUTCOME_SENT)
    ]


def fully_moderated(tender: Tender, results: list[BidResult]) -> bool:
    """Has every answer that counts for these results a consensus score?"""
    return bool(results) and all(result.moderated >= result.expected for result in results)


__all__ = [
    "HUNDRED",
    "TIE_BREAK_RULE",
    "BidResult",
    "bid_price",
    "lot_results",
    "price_score",
    "tender_results",
]
