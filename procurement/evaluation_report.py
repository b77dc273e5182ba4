"""What the evaluation report shows, read in a fixed number of queries.

The report is for the buyer's managers and for the record of the procurement. A tender
with 50 bidders, 20 questions and 3 evaluators holds 3,000 independent scores, so the
report opens with what a reader needs to decide (the ranking, each bid's weighted points
for quality, social value and price, and how moderation went, question by question) and
puts the detail in one appendix per question: a row per bid with the agreed score and
its reasons, beside each evaluator's independent score in a column of its own.

Evaluators are named once, in the panel table, with the key (E1, E2 …) that heads their
column in the appendices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from core.formatting import uk_datetime
from procurement import selectors
from procurement.criteria import lot_criteria
from procurement.lots import questions_by_bid
from procurement.models import (
    Bid,
    BidStatus,
    Concern,
    ConsensusScore,
    CriterionKind,
    PanelMember,
    Score,
    Tender,
    TenderQuestion,
)
from procurement.price_checks import ABNORMALLY_LOW_RULE, of_ranking
from procurement.results import TIE_BREAK_RULE, lot_results, tender_results

# The moderation page highlights answers whose independent scores are this far apart.
APART = 2


@dataclass
class Evaluator:
    """One column of independent scores: a panel member, named once in the summary."""

    key: str
    name: str
    seat: PanelMember | None = None

    @property
    def label(self) -> str:
        """The key, marked for a lived-experience member (who scores chosen questions
        only, from answers with the bidders' names taken out)."""
        if self.seat is not None and self.seat.is_lived_experience:
            return f"{self.key} (lived-experience member)"
        return self.key


@dataclass
class AnswerRow:
    """One bid's answer to one question: what each evaluator gave, and what was agreed."""

    bid: Bid
    scores: list[int | None]
    reasons: list[tuple[str, int, str]]
    consensus: ConsensusScore | None
    concerns: list[tuple[str, str]]

    @property
    def spread(self) -> int:
        given = [score for score in self.scores if score is not None]
        return max(given) - min(given) if given else 0

    @property
    def apart(self) -> bool:
        return self.spread >= APART

    @property
    def scores_text(self) -> str:
        """The independent scores in one cell, in the columns' order: one box to lay out
        in the PDF instead of one per evaluator."""
        return " · ".join("\u2013" if score is None else str(score) for score in self.scores)

    @property
    def shows_reasons(self) -> bool:
        """Each evaluator's own reasons are printed where they explain a disagreement, or
        where they are all there is: printing all of them would triple the report."""
        return bool(self.reasons) and (self.apart or self.consensus is None)


@dataclass
class QuestionAppendix:
    """One question: the summary's line about its moderation and its appendix table."""

    number: int
    question: TenderQuestion
    scored: bool
    rows: list[AnswerRow] = field(default_factory=list)

    @property
    def criterion_name(self) -> str:
        return self.question.criterion.name if self.question.criterion else ""

    @property
    def agreed(self) -> int:
        return sum(1 for row in self.rows if row.consensus is not None)

    @property
    def apart(self) -> int:
        return sum(1 for row in self.rows if row.apart)

    @property
    def notes(self) -> int:
        return sum(1 for row in self.rows if row.consensus and row.consensus.moderation_note)

    @property
    def concerns(self) -> int:
        return sum(len(row.concerns) for row in self.rows)

    @property
    def average(self) -> Decimal | None:
        agreed = [row.consensus.score for row in self.rows if row.consensus is not None]
        if not agreed:
            return None
        return (Decimal(sum(agreed)) / len(agreed)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _evaluators(
    panel: list[PanelMember], scores: list[Score]
) -> tuple[list[Evaluator], dict[int, str]]:
    """A column for each panel member who may score (and anyone else who did score), and
    each person's key."""
    columns: list[Evaluator] = []
    key_of: dict[int, str] = {}
    scored_by = {score.evaluator_id: score.evaluator for score in scores}
    people = [(seat.evaluator_id, seat.evaluator, seat) for seat in panel]
    people += [(pk, person, None) for pk, person in sorted(scored_by.items())]
    for person_id, person, seat in people:
        if person_id in key_of:
            continue
        if seat is not None and seat.has_conflict and person_id not in scored_by:
            continue
        key_of[person_id] = f"E{len(columns) + 1}"
        columns.append(Evaluator(key_of[person_id], str(person), seat))
    return columns, key_of


def evaluation_report(tender: Tender) -> dict[str, Any]:
    """The evaluation report's context: the summary, then an appendix per question."""
    tender = Tender.objects.select_related(
        "organisation", "bids_opened_by", "award_decided_by"
    ).get(pk=tender.pk)
    bids = list(
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
        .select_related("supplier")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("evaluator")),
            "consensus_scores",
            Prefetch("concerns", queryset=Concern.objects.select_related("raised_by")),
        )
        .order_by("supplier__name", "pk")
    )
    panel = list(PanelMember.objects.filter(tender=tender).select_related("evaluator"))
    columns, key_of = _evaluators(panel, [score for bid in bids for score in bid.scores.all()])
    position = {column.key: index for index, column in enumerate(columns)}

    # In a tender split into lots, each bid answers the questions of the lots it covers.
    answered = questions_by_bid(tender, bids)
    questions = list(tender.questions.select_related("criterion", "lot"))
    appendices = {
        question.pk: QuestionAppendix(
            number=number,
            question=question,
            scored=question.criterion is None or question.criterion.kind != CriterionKind.PRICE,
        )
        for number, question in enumerate(questions, start=1)
    }
    for bid in bids:
        bid.tender = tender
        scores_by_question: dict[int, list[Score]] = {}
        for score in bid.scores.all():
            scores_by_question.setdefault(score.question_id, []).append(score)
        consensus = {c.question_id: c for c in bid.consensus_scores.all()}
        concerns_by_question: dict[int, list[Concern]] = {}
        for concern in bid.concerns.all():
            concerns_by_question.setdefault(concern.question_id, []).append(concern)
        for question in answered[bid.pk]:
            given: list[int | None] = [None] * len(columns)
            reasons = []
            for score in sorted(
                scores_by_question.get(question.pk, []),
                key=lambda s: position[key_of[s.evaluator_id]],
            ):
                column = columns[position[key_of[score.evaluator_id]]]
                given[position[column.key]] = score.score
                reasons.append((column.label, score.score, score.rationale))
            appendices[question.pk].rows.append(
                AnswerRow(
                    bid=bid,
                    scores=given,
                    reasons=reasons,
                    consensus=consensus.get(question.pk),
                    concerns=[
                        (key_of.get(c.raised_by_id) or str(c.raised_by or "Unknown"), c.text)
                        for c in concerns_by_question.get(question.pk, [])
                    ],
                )
            )

    tender_lots = list(tender.lots.select_related("winning_bid__supplier"))
    # A tender split into lots is one competition per lot: each ranked, and its prices
    # checked, on its own prices and weights (the ranking the lot's page shows), never
    # on a bid's lot prices added up.
    lot_sections = []
    for lot in tender_lots:
        lot.tender = tender
        lot_ranked = lot_results(lot)
        lot_sections.append(
            {
                "lot": lot,
                "criteria": lot_criteria(lot),
                "results": lot_ranked,
                "ranking_hidden_reason": selectors.ranking_hidden_reason(tender, lot_ranked),
                "price_check": of_ranking(lot_ranked),
            }
        )
    ranked = [] if tender_lots else tender_results(tender)
    return {
        "tender": tender,
        "buyer": tender.organisation,
        "criteria": list(tender.criteria.all()),
        "panel": panel,
        "evaluators": columns,
        # The panel table: every seat, with the key of its column where it has one.
        "panel_rows": [(seat, key_of.get(seat.evaluator_id, "")) for seat in panel],
        "lots": lot_sections,
        "results": ranked,
        "ranking_hidden_reason": selectors.ranking_hidden_reason(tender, ranked),
        "price_check": of_ranking(ranked),
        "abnormally_low_rule": ABNORMALLY_LOW_RULE,
        "appendices": list(appendices.values()),
        "apart": APART,
        "bid_count": len(bids),
        "tie_break_rule": TIE_BREAK_RULE,
        "opened_at": uk_datetime(tender.bids_opened_at),
        "made_at": uk_datetime(timezone.now()),
    }
