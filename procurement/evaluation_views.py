"""Buyer pages for criteria, evaluation, moderation and award; the bidder's feedback letter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from core.errors import DomainError
from core.forms import submit_form
from core.paging import page_read_counted
from core.private_files import private_file_response
from core.views import posted_pk, run_and_redirect
from procurement import (
    award,
    award_notices,
    criteria,
    evaluation,
    lots,
    price_checks,
    results,
    selectors,
    tender_settings,
)
from procurement.forms import (
    AwardDecisionForm,
    AwardForm,
    ConcernForm,
    ConsensusForm,
    CriterionWeightForm,
    DeclarationForm,
    LotWeightsChoiceForm,
    PanelMemberForm,
    ScoreForm,
    SubCriterionForm,
)
from procurement.lived_experience_forms import ConnectionsCheckForm
from procurement.models import (
    Bid,
    Criterion,
    CriterionKind,
    Lot,
    LotStatus,
    PanelMember,
    Tender,
    TenderQuestion,
    TenderStatus,
)
from procurement.moderation_sections import moderation_sections
from procurement.views import _get_tender_for

AFTER_DECISION = {
    TenderStatus.AWARD_DECISION,
    TenderStatus.STANDSTILL,
    TenderStatus.READY_TO_AWARD,
    TenderStatus.AWARDED,
}


def _get_evaluation_tender_for(
    request: HttpRequest, pk: int, read: Callable[[int], Tender | None] = selectors.tender_get
) -> Tender:
    tender = _get_tender_for(request, pk, read)
    if not permissions.can(request.user, "evaluation.view", tender):
        raise Http404
    return tender


def _seat(tender: Tender, user: Any) -> PanelMember | None:
    return PanelMember.objects.filter(tender=tender, evaluator=user).first()


# --- Criteria --------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def tender_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_tender_for(request, pk)
    if not permissions.can(request.user, "commissioning.view", tender):
        raise Http404
    may_edit = permissions.can(request.user, "tender.manage", tender) and (
        tender.status == TenderStatus.DRAFT
    )
    add_form = SubCriterionForm(tender_criteria=tender.criteria.all())
    weight_errors: dict[int, str] = {}
    if request.method == "POST":
        if not may_edit:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = SubCriterionForm(request.POST, tender_criteria=tender.criteria.all())
                # If refused, the page comes back with the error and the name as typed.
                if submit_form(
                    add_form,
                    lambda data: criteria.criterion_add(tender=tender, by=request.user, **data),
                ):
                    messages.success(request, "Sub-criterion added.")
                    return redirect("procurement:tender_criteria", pk=tender.pk)
            elif action in {"reweight", "remove"}:
                criterion = get_object_or_404(
                    Criterion, pk=posted_pk(request, "criterion"), tender=tender
                )
                if action == "remove":
                    criteria.criterion_remove(criterion=criterion, by=request.user)
                    messages.success(request, f"“{criterion.name}” removed.")
                    return redirect("procurement:tender_criteria", pk=tender.pk)
                form = CriterionWeightForm(request.POST, prefix=f"c{criterion.pk}")
                if form.is_valid():
                    criteria.criterion_reweight(
                        criterion=criterion, weight=form.cleaned_data["weight"], by=request.user
                    )
                    messages.success(request, f"Weight of “{criterion.name}” saved.")
                    return redirect("procurement:tender_criteria", pk=tender.pk)
                weight_errors[criterion.pk] = " ".join(form.errors.get("weight", []))
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("procurement:tender_criteria", pk=tender.pk)
    tree = list(tender.criteria.all())
    questions = list(tender.questions.all())
    lots_of_tender = list(tender.lots.all())
    context = {
        "tender": tender,
        "rows": _criteria_rows(tree, questions, weight_errors),
        "lots": lots_of_tender,
        "may_edit": may_edit,
        "add_form": add_form,
        "problems": criteria.criteria_problems(tender, tree)
        + criteria.lots_criteria_problems(tender),
        "warnings": criteria.criteria_warnings(tender, tree, questions),
        "floor": criteria.social_value_floor(tender),
        "descriptors": tender_settings.descriptors_for(tender),
        "price_formula_explanation": tender_settings.PRICE_FORMULA_EXPLANATIONS.get(
            tender.price_formula, ""
        ),
    }
    return render(request, "procurement/tender_criteria.html", context)


def _criteria_rows(
    tree: list[Criterion], questions: list[Any], weight_errors: dict[int, str]
) -> list[dict[str, Any]]:
    """The rows of a criteria table: each criterion (children under their parent) with
    its share of the total, its questions and its weight form."""
    shares = criteria.effective_weights(tree)
    return [
        {
            "criterion": criterion,
            "share": shares[criterion.pk],
            "questions": [q for q in questions if q.criterion_id == criterion.pk],
            "form": CriterionWeightForm(
                prefix=f"c{criterion.pk}", initial={"weight": criterion.weight.normalize()}
            ),
            "error": weight_errors.get(criterion.pk, ""),
        }
        for parent in [c for c in tree if c.parent_id is None]
        for criterion in [parent, *[c for c in tree if c.parent_id == parent.pk]]
    ]


@require_http_methods(["GET", "POST"])
@login_required
def lot_criteria(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    """One lot's criteria and weights: the buyer chooses, while the tender is a draft,
    whether the lot uses the tender's weights or its own, and sets its own."""
    tender = _get_tender_for(request, pk)
    if not permissions.can(request.user, "commissioning.view", tender):
        raise Http404
    lot = get_object_or_404(Lot, pk=lot_pk, tender=tender)
    lot.tender = tender
    may_edit = permissions.can(request.user, "tender.manage", tender) and (
        tender.status == TenderStatus.DRAFT
    )
    choice_form = LotWeightsChoiceForm(
        initial={"own_weights": "own" if lot.own_weights else "shared"}
    )
    weight_errors: dict[int, str] = {}
    if request.method == "POST":
        # A manager of a published tender is told why the weights cannot change.
        if not permissions.can(request.user, "tender.manage", tender):
            raise Http404
        action = request.POST.get("action")
        if action == "choose":
            choice_form = LotWeightsChoiceForm(request.POST)
            if submit_form(
                choice_form,
                lambda data: criteria.lot_weights_choose(
                    lot=lot, own=data["own_weights"], by=request.user
                ),
            ):
                messages.success(
                    request,
                    f"{lot.title} now has its own weights."
                    if choice_form.cleaned_data["own_weights"]
                    else f"{lot.title} now uses the tender's weights.",
                )
                return redirect("procurement:lot_criteria", pk=tender.pk, lot_pk=lot.pk)
        elif action == "reweight":
            criterion = get_object_or_404(
                Criterion, pk=posted_pk(request, "criterion"), tender=tender
            )
            form = CriterionWeightForm(request.POST, prefix=f"c{criterion.pk}")
            if submit_form(
                form,
                lambda data: criteria.lot_criterion_reweight(
                    lot=lot, criterion=criterion, weight=data["weight"], by=request.user
                ),
            ):
                messages.success(request, f"Weight of “{criterion.name}” for {lot.title} saved.")
                return redirect("procurement:lot_criteria", pk=tender.pk, lot_pk=lot.pk)
            weight_errors[criterion.pk] = " ".join(
                [*form.errors.get("weight", []), *form.non_field_errors()]
            )
        else:
            raise Http404
    tree = criteria.lot_criteria(lot)
    questions = lots.lot_questions(lot.pk, tender.questions.all())
    context = {
        "tender": tender,
        "lot": lot,
        "rows": _criteria_rows(tree, questions, weight_errors),
        "may_edit": may_edit,
        "may_reweight": may_edit and lot.own_weights,
        "choice_form": choice_form,
        "error_form": choice_form if choice_form.errors else None,
        "weight_errors": weight_errors,
        "problems": criteria.criteria_problems(tender, tree) if lot.own_weights else [],
        "floor": criteria.social_value_floor(tender),
    }
    return render(request, "procurement/lot_criteria.html", context)


# --- Evaluation overview ----------------------------------------------------------------------
@require_GET
@login_required
def evaluation_overview(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_evaluation(request, _get_evaluation_tender_for(request, pk))


def _render_evaluation(
    request: HttpRequest,
    tender: Tender,
    *,
    decision_form: AwardDecisionForm | None = None,
    award_form: AwardForm | None = None,
) -> HttpResponse:
    """The evaluation page. A refused award decision or award comes back bound, with its
    errors at the top and beside each field, and what was typed kept."""
    user = request.user
    may_manage = permissions.can(user, "tender.manage", tender)
    seat = _seat(tender, user)
    panel = selectors.panel_for(tender)
    if may_manage:
        for member in panel:
            if member.awaiting_check:
                member.check_form = ConnectionsCheckForm(prefix=f"check{member.pk}")
    panel_open = may_manage and evaluation.panel_is_open(tender)
    context: dict[str, Any] = {
        "tender": tender,
        "may_manage": may_manage,
        "seat": seat,
        "panel": panel,
        "panel_open": panel_open,
        "panel_form": PanelMemberForm(candidates=selectors.panel_candidates(tender))
        if panel_open
        else None,
        "may_start": may_manage
        and tender.status == TenderStatus.CLOSED
        and tender.bids_opened_at is not None,
        "questions": list(tender.questions.all()),
    }
    cleared = seat is not None and seat.is_cleared
    if tender.bids_opened_at is not None and (cleared or may_manage):
        bids = list(selectors.submitted_bids(tender))
        progress = selectors.scoring_progress(tender, user) if cleared else {}
        answers = lots.questions_by_bid(tender, bids)
        context["bids"] = [(bid, progress.get(bid.pk, 0), len(answers[bid.pk])) for bid in bids]
        context["may_score"] = cleared and tender.status == TenderStatus.EVALUATION
    may_moderate_view = may_manage or (cleared and seat.scores_submitted_at is not None)
    context["may_see_moderation"] = may_moderate_view and tender.status in {
        TenderStatus.EVALUATION,
        *AFTER_DECISION,
    }
    if may_manage and tender.status == TenderStatus.EVALUATION:
        context["moderation_waiting"] = evaluation.moderation_waiting_reason(tender)
    context["lots"] = list(tender.lots.select_related("winning_bid__supplier"))
    if may_manage and tender.bids_opened_at is not None and not context["lots"]:
        ranked = results.tender_results(tender)
        context["results"] = ranked
        context["fully_moderated"] = results.fully_moderated(tender, ranked)
        context["ranking_hidden_reason"] = selectors.ranking_hidden_reason(tender, ranked)
        price_check = price_checks.of_ranking(ranked)
        context["price_check"] = price_check
        context["low_price_bids"] = {low.key.pk for low in price_check.flagged}
        context["abnormally_low_rule"] = price_checks.ABNORMALLY_LOW_RULE
        context["tie_break_rule"] = results.TIE_BREAK_RULE
        context["decision_form"] = decision_form or AwardDecisionForm()
        context["award_form"] = award_form or AwardForm()
        context["standstill_ended"] = award.standstill_has_ended(tender)
        # Which step of the award the buyer is at.
        context["award_step"] = {
            "deciding": tender.status == TenderStatus.EVALUATION,
            "decided": tender.status == TenderStatus.AWARD_DECISION,
            "in_standstill": tender.status
            in {TenderStatus.STANDSTILL, TenderStatus.READY_TO_AWARD},
            "awarded": tender.status == TenderStatus.AWARDED,
        }
        context["feedback_letters"] = selectors.feedback_letters_for(tender)
        context["award_notice"] = award_notices.award_notice_for(tender)
        context["contract"] = (
            tender.contracts.first() if tender.status == TenderStatus.AWARDED else None
        )
    context["error_form"] = next(
        (form for form in (decision_form, award_form) if form is not None and form.errors), None
    )
    return render(request, "procurement/evaluation.html", context)


@require_POST
@login_required
def panel_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_evaluation_tender_for(request, pk)
    if not permissions.can(request.user, "tender.manage", tender):
        raise Http404
    form = PanelMemberForm(request.POST, candidates=selectors.panel_candidates(tender))
    if form.is_valid():
        try:
            evaluation.panel_member_add(
                tender=tender, evaluator=form.cleaned_data["evaluator"], by=request.user
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{form.cleaned_data['evaluator']} added to the panel.")
    else:
        messages.error(request, "Choose a person to add to the panel.")
    return redirect("procurement:evaluation", pk=tender.pk)


@require_http_methods(["GET", "POST"])
@login_required
def conflict_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_evaluation_tender_for(request, pk)
    seat = _seat(tender, request.user)
    if seat is None:
        raise Http404
    if seat.declared_at is not None:
        return redirect("procurement:evaluation", pk=tender.pk)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation.conflict_declare(tender=tender, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error("details", str(error))
        else:
            messages.success(request, "Your declaration has been recorded.")
            return redirect("procurement:evaluation", pk=tender.pk)
    context = {
        "tender": tender,
        "form": form,
        "bidders": selectors.bidders_to_declare(tender),
        "bidders_by_lot": selectors.bidders_by_lot(tender),
        "sealed": tender.bids_opened_at is None,
    }
    return render(request, "procurement/declaration.html", context)


def _tender_event(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    tender = _get_evaluation_tender_for(request, pk)
    if not permissions.can(request.user, "tender.manage", tender):
        raise Http404
    return run_and_redirect(
        request,
        lambda: action(tender=tender, by=request.user),
        success=success,
        to="procurement:evaluation",
        pk=tender.pk,
    )


@require_POST
@login_required
def evaluation_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _tender_event(request, pk, evaluation.tender_start_evaluation, "Evaluation started.")


@require_POST
@login_required
def award_decision(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_evaluation_tender_for(request, pk)
    if not permissions.can(request.user, "tender.manage", tender):
        raise Http404
    form = AwardDecisionForm(request.POST)
    if submit_form(
        form, lambda data: award.award_decision_make(tender=tender, by=request.user, **data)
    ):
        messages.success(request, "Award decision recorded.")
        return redirect("procurement:evaluation", pk=tender.pk)
    # The page comes back with the error and the reasons as typed.
    return _render_evaluation(request, tender, decision_form=form)


@require_POST
@login_required
def tender_award(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_evaluation_tender_for(request, pk)
    if not permissions.can(request.user, "tender.manage", tender):
        raise Http404
    form = AwardForm(request.POST)
    if submit_form(form, lambda data: award.tender_award(tender=tender, by=request.user, **data)):
        messages.success(request, "Contract awarded. It is now in the contract register.")
        return redirect("procurement:evaluation", pk=tender.pk)
    # The page comes back with the error and the dates as typed.
    return _render_evaluation(request, tender, award_form=form)


# --- Scoring ---------------------------------------------------------------------------------
def _get_bid_to_score(request: HttpRequest, pk: int) -> Bid:
    bid = selectors.bid_for_scoring(pk)
    if bid is None or not permissions.can(request.user, "bid.read", bid):
        raise Http404
    if not permissions.can(request.user, "evaluation.score", bid.tender):
        raise Http404
    return bid


def _score_form(bid: Bid, user: Any, data: Any = None) -> ScoreForm:
    """The scoring form for one bid: bound to what was posted, or showing the person's own
    saved scores."""
    tender = bid.tender
    # In a tender with lots, the questions of the lots this bid covers.
    questions = [
        q
        for q in lots.questions_for(tender, bid)
        if not q.criterion or q.criterion.kind != CriterionKind.PRICE
    ]
    existing = selectors.own_scores(bid, user)
    initial = {}
    for question in questions:
        if question.pk in existing:
            initial[f"score_{question.pk}"] = str(existing[question.pk].score)
            initial[f"rationale_{question.pk}"] = existing[question.pk].rationale
    return ScoreForm(
        data,
        initial=initial,
        questions=questions,
        max_score=tender.max_score,
        descriptors=tender_settings.descriptors_for(tender),
    )


def _render_bid_score(
    request: HttpRequest,
    bid: Bid,
    *,
    form: ScoreForm | None = None,
    concern_form: ConcernForm | None = None,
) -> HttpResponse:
    """The scoring page. A refused concern comes back bound (`concern_form`), with its
    errors at the top and beside each field, and the text kept. Someone who may raise a
    concern but not score (a commissioner off the panel) sees the bid without the scores."""
    tender = bid.tender
    if form is None:
        form = _score_form(bid, request.user)
    if concern_form is None:
        concern_form = ConcernForm(questions=tender.questions.all())
    seat = _seat(tender, request.user)
    may_score = permissions.can(request.user, "evaluation.score", tender)
    answers = {answer.question_id: answer for answer in bid.answers.all()}
    context = {
        "bid": bid,
        "tender": tender,
        "form": form,
        "error_form": concern_form if concern_form.errors else form,
        "items": [
            (
                question,
                answers.get(question.pk),
                form[f"score_{question.pk}"],
                form[f"rationale_{question.pk}"],
            )
            for question in form.questions
        ],
        "may_score": may_score,
        "locked": not may_score or seat is None or seat.scores_submitted_at is not None,
        "concern_form": concern_form,
        "may_raise_concern": tender.status == TenderStatus.EVALUATION or concern_form.is_bound,
    }
    return render(request, "procurement/bid_score.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def bid_score(request: HttpRequest, pk: int) -> HttpResponse:
    bid = _get_bid_to_score(request, pk)
    form = _score_form(bid, request.user, request.POST or None)
    if request.method == "POST" and submit_form(
        form, lambda data: evaluation.scores_record(bid=bid, scores=form.scores(), by=request.user)
    ):
        messages.success(request, f"Your scores for {bid.supplier.name} have been saved.")
        return redirect("procurement:evaluation", pk=bid.tender_id)
    return _render_bid_score(request, bid, form=form)


@require_POST
@login_required
def scores_submit(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_evaluation_tender_for(request, pk)
    return run_and_redirect(
        request,
        lambda: evaluation.scores_submit(tender=tender, by=request.user),
        success="Your scores have been submitted. You can now see everyone's scores.",
        to="procurement:evaluation",
        pk=tender.pk,
    )


@require_POST
@login_required
def concern_raise(request: HttpRequest, pk: int) -> HttpResponse:
    bid = selectors.bid_for_scoring(pk)
    if bid is None or not permissions.can(request.user, "bid.read", bid):
        raise Http404
    form = ConcernForm(request.POST, questions=bid.tender.questions.all())
    if submit_form(form, lambda data: evaluation.concern_raise(bid=bid, by=request.user, **data)):
        messages.success(request, "Concern recorded.")
        return redirect("procurement:evaluation", pk=bid.tender_id)
    # The page comes back with the error and the concern as typed.
    return _render_bid_score(request, bid, concern_form=form)


# --- Moderation ------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def moderation(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    tender = _get_evaluation_tender_for(request, pk, selectors.tender_for_moderation)
    user = request.user
    may_manage = permissions.can(user, "tender.manage", tender)
    # Others' scores stay hidden from an evaluator until they have submitted their own.
    if not may_manage:
        seat = _seat(tender, user)
        if seat is None or not seat.is_cleared or seat.scores_submitted_at is None:
            raise Http404
    if tender.bids_opened_at is None:
        raise Http404
    # The tender's questions come with it, each with its criterion.
    questions = tender.moderation_questions
    question = next((q for q in questions if q.pk == question_pk), None)
    if question is None:
        raise Http404
    forms_by_bid: dict[int, ConsensusForm] = {}
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        bid = get_object_or_404(Bid, pk=posted_pk(request, "bid"), tender=tender)
        bid.tender = tender
        form = ConsensusForm(request.POST, prefix=f"b{bid.pk}", max_score=tender.max_score)
        if submit_form(
            form,
            lambda data: evaluation.consensus_record(bid=bid, question=question, by=user, **data),
        ):
            messages.success(request, f"Consensus score for {bid.supplier.name} saved.")
            return redirect(f"{request.path}?{request.GET.urlencode()}")
        forms_by_bid[bid.pk] = form
    page = page_read_counted(
        request,
        lambda offset, limit: selectors.moderation_bids(
            tender, question, offset=offset, limit=limit
        ),
    )
    waiting_reason = (
        evaluation.moderation_waiting_reason(tender, waiting=tender.panel_waiting_total)
        if tender.status == TenderStatus.EVALUATION
        else ""
    )
    may_moderate = may_manage and tender.status == TenderStatus.EVALUATION and not waiting_reason
    sections = moderation_sections(
        tender=tender,
        question=question,
        bids=list(page.object_list),
        may_moderate=may_moderate,
        sent_forms=forms_by_bid,
    )
    number = questions.index(question) + 1
    context = {
        "tender": tender,
        "question": question,
        "number": number,
        "other_questions": _other_question_links(tender, questions, question),
        "page": page,
        "sections": sections,
        "may_moderate": may_moderate,
        "waiting_reason": waiting_reason if may_manage else "",
        "error_forms": list(forms_by_bid.values()),
    }
    return render(request, "procurement/moderation.html", context)


def _other_question_links(
    tender: Tender, questions: list[TenderQuestion], current: TenderQuestion
) -> list[tuple[int, str]]:
    """Each other question's number and the link to its moderation. The links differ only
    in the question's id, which ends them, so one is reversed and the rest made from it
    (reversing twenty links cost half a millisecond a page; a test compares each with
    reverse())."""
    url = reverse("procurement:moderation", args=[tender.pk, current.pk])
    end = f"/{current.pk}/"
    start = url[: -len(end)]
    return [(n, f"{start}/{q.pk}/") for n, q in enumerate(questions, start=1) if q.pk != current.pk]


# --- Feedback letter -------------------------------------------------------------------------
@require_GET
@login_required
def feedback_letter(request: HttpRequest, pk: int) -> HttpResponse:
    bid = selectors.bid_get(pk)
    if bid is None or not permissions.can(request.user, "feedback.read", bid):
        raise Http404
    letter = selectors.feedback_letter_for(bid)
    if letter is None or letter.report is None or not letter.report.file:
        raise Http404
    return private_file_response(
        letter.report.file,
        filename=f"feedback-{slugify(bid.tender.reference)}-{slugify(bid.supplier.name)}.pdf",
        content_type="application/pdf",
    )


# --- Lots: ranking, award decision, standstill and contract for each lot -------------------
def _get_lot_for(request: HttpRequest, pk: int, lot_pk: int) -> Lot:
    """A lot of a tender whose bids are open, for the buyer's managers only: each lot's
    ranking, like the tender's, is theirs to see."""
    tender = _get_evaluation_tender_for(request, pk)
    if not permissions.can(request.user, "tender.manage", tender):
        raise Http404
    if tender.bids_opened_at is None:
        raise Http404
    lot = get_object_or_404(
        Lot.objects.select_related("winning_bid__supplier", "contract", "award_decided_by"),
        pk=lot_pk,
        tender=tender,
    )
    lot.tender = tender
    return lot


@require_GET
@login_required
def lot_evaluation(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    return _render_lot_evaluation(request, _get_lot_for(request, pk, lot_pk))


def _render_lot_evaluation(
    request: HttpRequest,
    lot: Lot,
    *,
    decision_form: AwardDecisionForm | None = None,
    award_form: AwardForm | None = None,
) -> HttpResponse:
    """One lot's page: its ranking, then its award decision, standstill and contract. A
    refused decision or award comes back bound, with the errors and what was typed."""
    tender = lot.tender
    ranked = results.lot_results(lot)
    price_check = price_checks.of_ranking(ranked)
    context = {
        "tender": tender,
        "lot": lot,
        "results": ranked,
        "weights": [c for c in criteria.lot_criteria(lot) if c.parent_id is None],
        "fully_moderated": results.fully_moderated(tender, ranked),
        "ranking_hidden_reason": selectors.ranking_hidden_reason(tender, ranked),
        "price_check": price_check,
        "low_price_bids": {low.key.pk for low in price_check.flagged},
        "abnormally_low_rule": price_checks.ABNORMALLY_LOW_RULE,
        "tie_break_rule": results.TIE_BREAK_RULE,
        "questions": list(tender.questions.all()),
        "decision_form": decision_form or AwardDecisionForm(),
        "award_form": award_form or AwardForm(),
        "standstill_ended": award.standstill_has_ended(lot),
        "award_notice": award_notices.award_notice_for(tender, lot),
        "max_lots_won": tender.max_lots_won,
        # Which step of this lot's award the buyer is at.
        "step": {
            "deciding": lot.status == LotStatus.OPEN,
            "tender_evaluating": tender.status == TenderStatus.EVALUATION,
            "decided": lot.status == LotStatus.AWARD_DECISION,
            "in_standstill": lot.status == LotStatus.STANDSTILL,
        },
        "error_form": next(
            (form for form in (decision_form, award_form) if form is not None and form.errors),
            None,
        ),
    }
    return render(request, "procurement/lot_evaluation.html", context)


@require_POST
@login_required
def lot_award_decision(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    lot = _get_lot_for(request, pk, lot_pk)
    form = AwardDecisionForm(request.POST)
    if submit_form(
        form, lambda data: award.lot_award_decision_make(lot=lot, by=request.user, **data)
    ):
        messages.success(request, f"Award decision for {lot.title} recorded.")
        return redirect("procurement:lot_evaluation", pk=pk, lot_pk=lot.pk)
    return _render_lot_evaluation(request, lot, decision_form=form)


@require_POST
@login_required
def lot_award(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    lot = _get_lot_for(request, pk, lot_pk)
    form = AwardForm(request.POST)
    if submit_form(form, lambda data: award.lot_award(lot=lot, by=request.user, **data)):
        messages.success(
            request, f"{lot.title} awarded. Its contract is now in the contract register."
        )
        return redirect("procurement:lot_evaluation", pk=pk, lot_pk=lot.pk)
    return _render_lot_evaluation(request, lot, award_form=form)
