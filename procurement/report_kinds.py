"""PDF reports of procurement records: the tender pack, bidders' feedback letters and the
evaluation report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.formatting import uk_datetime
from reports.kinds import ReportKind, register


def _feedback_section(
    bid: Any,
    results: list[Any],
    questions: list[Any],
    *,
    winning_bid_id: int | None,
    standstill_ends_on: Any,
    lot: Any = None,
) -> dict[str, Any]:
    """The assessment of one competition (the tender, or one lot of it) for one bidder:
    its scores and the reasons per question, beside the winning bid's scores and reasons."""
    from procurement.models import Concern, ConsensusScore

    mine = next((result for result in results if result.bid.pk == bid.pk), None)
    winner = next((result for result in results if result.bid.pk == winning_bid_id), None)
    is_winner = winner is not None and winner.bid.pk == bid.pk
    asked = [question.pk for question in questions]
    consensus: dict[tuple[int, int], Any] = {
        (c.bid_id, c.question_id): c
        for c in ConsensusScore.objects.filter(
            bid_id__in={bid.pk, winning_bid_id or bid.pk}, question_id__in=asked
        )
    }
    concerns: dict[int, list[Concern]] = {}
    for concern in Concern.objects.filter(bid=bid, question_id__in=asked):
        concerns.setdefault(concern.question_id, []).append(concern)
    rows = []
    if mine is not None:
        winner_scores = {c.name: c.score for c in winner.criteria} if winner else {}
        rows = [{"criterion": c, "winner_score": winner_scores.get(c.name)} for c in mine.criteria]
    return {
        "lot": lot,
        "mine": mine,
        "winner": winner,
        "is_winner": is_winner,
        "rows": rows,
        "questions": [
            {
                "question": question,
                "consensus": consensus.get((bid.pk, question.pk)),
                "concerns": concerns.get(question.pk, []),
                # The winner's score and reasons, as the Procurement Act asks; not repeated
                # in the winner's own letter.
                "winner_consensus": None
                if is_winner or winning_bid_id is None
                else consensus.get((winning_bid_id, question.pk)),
            }
            for question in questions
        ],
        "bidder_count": len(results),
        "standstill_ends_on": standstill_ends_on,
    }


def _feedback_letter_context(bid: Any) -> dict[str, Any]:
    from procurement.lots import lot_questions
    from procurement.models import Bid
    from procurement.results import (
        LOT_OUTCOME_SENT,
        TIE_BREAK_RULE,
        lot_results,
        tender_results,
    )
    from procurement.tender_settings import PRICE_FORMULA_EXPLANATIONS, descriptors_for

    bid = Bid.objects.select_related("tender__organisation", "supplier").get(pk=bid.pk)
    tender = bid.tender
    questions = list(tender.questions.select_related("criterion"))
    covered = [
        bid_lot.lot for bid_lot in bid.bid_lots.select_related("lot").order_by("lot__position")
    ]
    if covered:
        # One section for each lot the bid covers whose outcome the bidders have been told.
        sections = [
            _feedback_section(
                bid,
                lot_results(lot),
                lot_questions(lot.pk, questions),
                winning_bid_id=lot.winning_bid_id,
                standstill_ends_on=lot.standstill_ends_on,
                lot=lot,
            )
            for lot in covered
            if lot.status in LOT_OUTCOME_SENT
        ]
    else:
        sections = [
            _feedback_section(
                bid,
                tender_results(tender),
                questions,
                winning_bid_id=tender.winning_bid_id,
                standstill_ends_on=tender.standstill_ends_on,
            )
        ]
    first = (
        sections[0]
        if sections
        else _feedback_section(bid, [], [], winning_bid_id=None, standstill_ends_on=None)
    )
    return {
        "tender": tender,
        "buyer": tender.organisation,
        "bid": bid,
        "sections": sections,
        # The first (for a tender without lots, the only) section, as before lots.
        "mine": first["mine"],
        "winner": first["winner"],
        "is_winner": first["is_winner"],
        "rows": first["rows"],
        "questions": first["questions"],
        "bidder_count": first["bidder_count"],
        "standstill_ends_on": first["standstill_ends_on"],
        "max_score": tender.max_score,
        "score_descriptors": descriptors_for(tender),
        "price_formula_explanation": PRICE_FORMULA_EXPLANATIONS.get(tender.price_formula, ""),
        "tie_break_rule": TIE_BREAK_RULE,
        "made_at": uk_datetime(timezone.now()),
    }


def _evaluation_report_context(tender: Any) -> dict[str, Any]:
    from procurement.evaluation_report import evaluation_report

    return evaluation_report(tender)


FEEDBACK_LETTER = register(
    ReportKind(
        code="feedback_letter",
        model_label="procurement.Bid",
        permission="feedback.read",
        template_name="reports/pdf/feedback_letter.html",
        build_context=_feedback_letter_context,
        title=lambda bid: f"Feedback letter: {bid.tender.title} for {bid.supplier}",
    )
)

EVALUATION_REPORT = register(
    ReportKind(
        code="evaluation_report",
        model_label="procurement.Tender",
        permission="evaluation.report",
        template_name="reports/pdf/evaluation_report.html",
        build_context=_evaluation_report_context,
        title=lambda tender: f"Evaluation report: {tender.title} ({tender.reference})",
    )
)


# --- The tender pack -----------------------------------------------------------------
def _money(value: Decimal | None) -> str:
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


def _tender_pack_context(tender: Any) -> dict[str, Any]:
    from commissioning.models import SectionKind
    from procurement.models import Tender

    # Read everything the pack shows in a fixed number of queries, whatever its size.
    tender = (
        Tender.objects.select_related(
            "organisation", "commission", "specification_version__specification"
        )
        .prefetch_related("commission__missions", "questions")
        .get(pk=tender.pk)
    )
    kind_labels = dict(SectionKind.choices)
    snapshot = tender.specification_version.snapshot or {}
    sections = [
        {
            "heading": section.get("heading", ""),
            "body": section.get("body", ""),
            "kind": section.get("kind", ""),
            "kind_label": kind_labels.get(section.get("kind", ""), ""),
        }
        for section in snapshot.get("sections", [])
    ]
    return {
        "tender": tender,
        "buyer": tender.organisation,
        "missions": list(tender.commission.missions.all()),
        "specification_version": tender.specification_version,
        "sections": sections,
        "questions": list(tender.questions.all()),
        "estimated_value": _money(tender.estimated_value),
        "clarification_deadline": uk_datetime(tender.clarification_deadline),
        "submission_deadline": uk_datetime(tender.submission_deadline),
        "made_at": uk_datetime(timezone.now()),
    }


def _tender_pack_title(tender: Any) -> str:
    return f"Tender pack: {tender.title} ({tender.reference})"


TENDER_PACK = register(
    ReportKind(
        code="tender_pack",
        model_label="procurement.Tender",
        permission="tender.view",
        template_name="reports/pdf/tender_pack.html",
        build_context=_tender_pack_context,
        title=_tender_pack_title,
    )
)
