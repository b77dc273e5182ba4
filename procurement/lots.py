"""Which questions belong to which lot, and so which questions each bid answers.

A question either belongs to one lot or is one of the tender's questions, for every lot.
The buyer chooses per lot: a lot with questions of its own is evaluated on those alone;
a lot with none shares the tender's questions. Every question is scored under a
criterion of the tender's tree; how much that criterion counts for a lot is the lot's
weight for it (its own, or the tender's: see procurement.criteria).

A bid answers the questions of each lot it covers, a shared question once however many
lots share it, so its one answer (and its one consensus score) counts for each of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from procurement.models import Bid, BidLot, Lot, Tender, TenderQuestion


def lot_questions(lot_id: int, questions: Iterable[TenderQuestion]) -> list[TenderQuestion]:
    """The questions a lot is evaluated on: its own, or else the tender's."""
    questions = list(questions)
    own = [question for question in questions if question.lot_id == lot_id]
    return own or [question for question in questions if question.lot_id is None]


def bid_questions(
    questions: Iterable[TenderQuestion], lot_ids: Collection[int] | None
) -> list[TenderQuestion]:
    """The questions a bid answers, in the tender's order. `lot_ids` is None in a tender
    without lots (every question); a bid that has chosen no lot yet sees the tender's
    shared questions."""
    questions = list(questions)
    if lot_ids is None:
        return questions
    if not lot_ids:
        return [question for question in questions if question.lot_id is None]
    wanted = {question.pk for lot_id in lot_ids for question in lot_questions(lot_id, questions)}
    return [question for question in questions if question.pk in wanted]


def questions_by_bid(tender: Tender, bids: Iterable[Bid]) -> dict[int, list[TenderQuestion]]:
    """For each bid, the questions it answers. Three queries, whatever the number of bids."""
    bids = list(bids)
    questions = list(tender.questions.select_related("criterion"))
    if not tender.lots.exists():
        return {bid.pk: questions for bid in bids}
    covered: dict[int, list[int]] = defaultdict(list)
    for bid_id, lot_id in BidLot.objects.filter(bid__in=bids).values_list("bid_id", "lot_id"):
        covered[bid_id].append(lot_id)
    return {bid.pk: bid_questions(questions, covered[bid.pk]) for bid in bids}


def answering_sql(question: TenderQuestion, *, has_lots: bool, bid: str) -> tuple[str, list[int]]:
    """Which bids answer this question, as an SQL condition on the bid table (or alias)
    `bid`, with its parameters: in a tender with lots, the bids for its lot, or for a lot
    that shares the tender's questions (one with none of its own); in a tender without,
    every bid. `has_lots` is whether the tender has lots."""
    bid_lot, lot, tender_question = (
        BidLot._meta.db_table,
        Lot._meta.db_table,
        TenderQuestion._meta.db_table,
    )
    if question.lot_id is not None:
        return (
            f"EXISTS (SELECT 1 FROM {bid_lot} bl WHERE bl.bid_id = {bid}.id AND bl.lot_id = %s)",  # noqa: S608 - table names from the models
            [question.lot_id],
        )
    if not has_lots:
        return "TRUE", []
    return (
        f"EXISTS (SELECT 1 FROM {bid_lot} bl JOIN {lot} l ON l.id = bl.lot_id"  # noqa: S608 - table names from the models
        f" WHERE bl.bid_id = {bid}.id AND l.tender_id = %s AND NOT EXISTS"
        f" (SELECT 1 FROM {tender_question} q WHERE q.lot_id = l.id))",
        [question.tender_id],
    )


def questions_for(tender: Tender, bid: Bid | None) -> list[TenderQuestion]:
    """The questions one bid answers (with no bid yet: those it would answer before it
    chooses any lot)."""
    if bid is not None:
        return questions_by_bid(tender, [bid])[bid.pk]
    questions = list(tender.questions.select_related("criterion"))
    return bid_questions(questions, [] if tender.lots.exists() else None)
