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

from procurement.criteria import HUNDRED, effective_weights
from procurement.models import (
    Bid,
    BidStatus,
    ConsensusScore,
    CriterionKind,
    PriceFormula,
    PriceLine,
    Tender,
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

    @property
    def total(self) -> Decimal:
        return (self.quality_score + self.price_score).quantize(TWO_PLACES, ROUND_HALF_UP)


def bid_price(bid: Bid) -> Decimal | None:
    """A bid's total price from its price schedule (prefetched price_lines)."""
    lines = list(bid.price_lines.all())
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
    criteria = list(tender.criteria.all())
    questions = list(tender.questions.all())
    bids = list(
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
        .select_related("supplier")
        .prefetch_related(
            Prefetch("price_lines", queryset=PriceLine.objects.all()),
            Prefetch("consensus_scores", queryset=ConsensusScore.objects.all()),
        )
    )
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
        consensus = {c.question_id: c.score for c in result.bid.consensus_scores.all()}
        result.moderated = len(consensus)
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


def fully_moderated(tender: Tender, results: list[BidResult]) -> bool:
    scored = tender.questions.count()
    return bool(results) and all(result.moderated >= scored for result in results)


__all__ = ["HUNDRED", "TIE_BREAK_RULE", "BidResult", "bid_price", "price_score", "tender_results"]
