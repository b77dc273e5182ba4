"""Page objects: one read per page that returns everything the page shows and everything
the viewer may do on it, so the view renders and the template does not decide rights.

Model example for the convention "page selectors that return dataclasses"
(docs/architecture.md); the dialogue panel on the same page is `dialogue/panel.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accounts import permissions
from accounts.models import Organisation
from commissioning.plain_language.analysis import Analysis, analyse, glossary_for
from contracts.models import Contract
from procurement import (
    award_notices,
    burden,
    changes,
    conditions,
    criteria,
    direct_award,
    selectors,
    services,
    stages,
    tender_settings,
)
from procurement.models import (
    OPEN_FOR_BIDS,
    Bid,
    BidStatus,
    Criterion,
    DirectAward,
    Lot,
    ParticipationCondition,
    Procedure,
    Tender,
    TenderChange,
    TenderQuestion,
    TenderStatus,
    TransparencyNotice,
)


@dataclass(frozen=True)
class TenderPage:
    """The tender page for one viewer: the public parts, the buyer's panel, the supplier's
    own bid, and one flag per action the viewer may take."""

    tender: Tender
    questions: list[TenderQuestion]
    # Each question with its plain English check, shown to the buyer while it is a draft.
    question_rows: list[tuple[TenderQuestion, Analysis | None]]
    all_criteria: list[Criterion]
    lots: list[Lot]
    score_descriptors: list[str]
    price_formula_explanation: str
    # The viewer's rights.
    is_buyer: bool
    may_manage: bool
    may_add_question: bool
    may_change_justification: bool
    may_publish: bool
    may_close: bool
    may_open_bids: bool
    may_cancel: bool
    may_see_evaluation: bool
    # The buyer's side: how many bids came in and, once opened, each with whether the
    # viewer may read it.
    submitted_bid_count: int | None
    bids: list[tuple[Bid, bool]]
    # The supplier's side: the organisation the viewer bids for, and its bid if any.
    supplier: Organisation | None
    supplier_bid: Bid | None
    # Changes since publication (`procurement.changes`), newest first, and whether the
    # viewer may make one.
    may_change: bool = False
    changes: list[TenderChange] = field(default_factory=list)
    # A direct award: who it is for, its notice, and why the viewer's supplier may not bid.
    direct_award: DirectAward | None = None
    transparency_notice: TransparencyNotice | None = None
    supplier_refusal: str | None = None
    # What bidding asks for (`procurement.burden`); the buyer's warning while it is a
    # draft if that is out of proportion to the contract's value; the summary's plain
    # English check, also for the buyer while it is a draft.
    bid_burden: burden.Burden | None = None
    burden_warning: str = ""
    summary_check: Analysis | None = None
    # Once awarded, the contracts made from the tender: anyone may read who won.
    awarded_contracts: list[Contract] = field(default_factory=list)
    # Conditions of participation (`procurement.conditions`): everyone reads them; the
    # viewer's supplier sees where it stands.
    conditions: list[ParticipationCondition] = field(default_factory=list)
    supplier_conditions: conditions.SupplierConditions | None = None
    # Each published contract award notice, with the award's state and its contract.
    notices: list[award_notices.NoticeView] = field(default_factory=list)
    # Each lot's criteria with the weights that count for it (`procurement.criteria`).
    lot_criteria: dict[int, list[Criterion]] = field(default_factory=dict)

    @property
    def burden_rules(self) -> dict[str, Any]:
        return {
            "words_per_hour": burden.WORDS_PER_HOUR,
            "hours_per_document": burden.HOURS_PER_DOCUMENT,
            "hours_per_price_schedule": burden.HOURS_PER_PRICE_SCHEDULE,
            "proportion": burden.rule_lines(),
        }

    @property
    def lot_rows(self) -> list[tuple[Lot, list[Criterion]]]:
        """Each lot with the top-level criteria and weights it is judged on (its own, or
        the tender's), as bidders see them."""
        return [
            (
                lot,
                [c for c in self.lot_criteria.get(lot.pk, self.all_criteria) if not c.parent_id],
            )
            for lot in self.lots
        ]

    @property
    def any_lot_has_own_weights(self) -> bool:
        return any(lot.own_weights for lot in self.lots)

    @property
    def criteria(self) -> list[Criterion]:
        """The top-level criteria, as bidders see them."""
        return [criterion for criterion in self.all_criteria if criterion.parent_id is None]

    @property
    def is_direct_award(self) -> bool:
        return self.tender.procedure == Procedure.DIRECT_AWARD

    @property
    def may_down_select(self) -> bool:
        return self.may_manage and stages.may_down_select(self.tender)

    @property
    def may_set_conditions(self) -> bool:
        return self.may_add_question and not self.is_direct_award

    @property
    def may_answer_conditions(self) -> bool:
        """The supplier can send or change its answers now."""
        standing = self.supplier_conditions
        if standing is None or not self.conditions or self.supplier_refusal:
            return False
        participant = standing.participant
        return self.tender.status in conditions.ANSWERABLE_STATUSES and (
            participant is None
            or (participant.is_in_process and not participant.conditions_assessed)
        )

    @property
    def shows_cancellation(self) -> bool:
        return self.tender.status == TenderStatus.CANCELLED and bool(
            self.tender.cancellation_reason
        )

    @property
    def supplier_bid_submitted(self) -> bool:
        return self.supplier_bid is not None and self.supplier_bid.status == BidStatus.SUBMITTED


def tender_page(*, tender: Tender, user: Any, supplier: Organisation | None) -> TenderPage:
    """The tender page for `user`, who may be signed out. `supplier` is the organisation
    they bid for, if any; a buyer never sees its own tender as a bidder."""
    allowed = services.ALLOWED[tender.status]
    is_draft = tender.status == TenderStatus.DRAFT
    may_manage = permissions.can(user, "tender.manage", tender)
    is_buyer = permissions.can(user, "commissioning.view", tender)
    questions = list(tender.questions.all())
    checks: dict[int, Analysis] = {}
    summary_check = None
    tender_burden = burden.burden_of(questions=questions, documents=tender.documents_requested)
    burden_warning = ""
    if may_manage and is_draft:
        # Bidders, many of them small organisations, read these: check them as we write.
        glossary = glossary_for(tender.organisation)
        checks = {
            question.pk: analyse(f"{question.text} {question.guidance}".strip(), glossary)
            for question in questions
        }
        summary_check = analyse(tender.summary, glossary)
        burden_warning = burden.out_of_proportion(tender_burden, tender.estimated_value)
    submitted_bid_count = None
    bids: list[tuple[Bid, bool]] = []
    if is_buyer:
        submitted_bid_count = selectors.submitted_bid_count(tender)
        if tender.bids_opened_at is not None:
            bids = [
                (bid, permissions.can(user, "bid.read", bid))
                for bid in selectors.opened_bids(tender)
            ]
    if supplier is not None and supplier.pk == tender.organisation_id:
        supplier = None
    supplier_bid = (
        selectors.bid_for_supplier(tender, supplier, with_answers=False) if supplier else None
    )
    is_direct_award = tender.procedure == Procedure.DIRECT_AWARD
    # tender_get says whether there are any conditions, changes and notices to read.
    tender_conditions = (
        conditions.conditions_for(tender) if getattr(tender, "has_conditions", True) else []
    )
    all_criteria = list(tender.criteria.all())
    tender_lots = list(tender.lots.all())
    return TenderPage(
        tender=tender,
        questions=questions,
        question_rows=[(question, checks.get(question.pk)) for question in questions],
        all_criteria=all_criteria,
        lots=tender_lots,
        lot_criteria=criteria.criteria_by_lot(tender, tender_lots, all_criteria),
        score_descriptors=tender_settings.descriptors_for(tender),
        price_formula_explanation=tender_settings.PRICE_FORMULA_EXPLANATIONS.get(
            tender.price_formula, ""
        ),
        is_buyer=is_buyer,
        may_manage=may_manage,
        may_add_question=may_manage and is_draft,
        may_change_justification=may_manage and is_draft,
        may_publish=may_manage and TenderStatus.PUBLISHED in allowed,
        may_close=may_manage and TenderStatus.CLOSED in allowed,
        may_open_bids=may_manage
        and tender.bids_opened_at is None
        and (tender.status in OPEN_FOR_BIDS or tender.status == TenderStatus.CLOSED),
        may_cancel=may_manage and TenderStatus.CANCELLED in allowed,
        may_see_evaluation=not is_draft and permissions.can(user, "evaluation.view", tender),
        submitted_bid_count=submitted_bid_count,
        bids=bids,
        supplier=supplier,
        supplier_bid=supplier_bid,
        may_change=may_manage and tender.status in changes.CHANGEABLE_STATUSES,
        changes=list(changes.changes_for(tender))
        if tender.published_at and getattr(tender, "has_changes", True)
        else [],
        direct_award=direct_award.direct_award_for(tender) if is_direct_award else None,
        transparency_notice=direct_award.transparency_notice_for(tender)
        if is_direct_award
        else None,
        supplier_refusal=direct_award.bid_refusal(tender=tender, supplier=supplier)
        if supplier
        else None,
        bid_burden=tender_burden,
        burden_warning=burden_warning,
        summary_check=summary_check,
        awarded_contracts=list(tender.contracts.select_related("provider").order_by("pk"))
        if tender.status == TenderStatus.AWARDED
        else [],
        conditions=tender_conditions,
        supplier_conditions=conditions.supplier_conditions(tender=tender, supplier=supplier)
        if supplier and tender_conditions
        else None,
        notices=award_notices.notice_views_for(tender)
        if tender.published_at and getattr(tender, "has_award_notices", True)
        else [],
    )
