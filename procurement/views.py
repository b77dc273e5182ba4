"""Tender pages for buyers and the public, and bid pages for suppliers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.models import Organisation
from commissioning.models import Commission
from commissioning.plain_language.analysis import analyse, glossary_for
from commissioning.plain_language.forms import check_as_you_type
from core.errors import DomainError
from core.forms import submit_form
from core.paging import page_of
from core.private_files import private_file_response
from core.text import word_count
from core.views import run_and_redirect
from procurement import (
    bid_parts,
    conditions,
    direct_award,
    exclusion,
    lots,
    pages,
    selectors,
    services,
    stages,
)
from procurement.forms import (
    AttachmentForm,
    BidAnswersForm,
    BidCommitmentForm,
    CancelForm,
    LotChoiceForm,
    LotForm,
    LotLimitsForm,
    LotPriceLineForm,
    PriceLineForm,
    TenderForm,
    WithdrawForm,
    question_form_with_criteria,
)
from procurement.models import Bid, BidStatus, Tender, TenderQuestion
from procurement.results import bid_outcomes


# --- Access -------------------------------------------------------------------------------
def _get_tender_for(
    request: HttpRequest, pk: int, read: Callable[[int], Tender | None] = selectors.tender_get
) -> Tender:
    """A tender the person may see: any published tender, or a draft of their own buyer.
    `read` reads it with what the page needs beside it."""
    tender = read(pk)
    if tender is None or not permissions.can(request.user, "tender.view", tender):
        raise Http404
    return tender


def _get_managed_tender_for(request: HttpRequest, pk: int) -> Tender:
    tender = _get_tender_for(request, pk)
    if not permissions.can(request.user, "tender.manage", tender):
        raise Http404
    return tender


def _bidding_organisation(request: HttpRequest) -> Organisation | None:
    """The supplier the person is acting for, if they may bid for it."""
    organisation = request.organisation
    if organisation and permissions.can(request.user, "tender.bid", organisation):
        return organisation
    return None


def _get_bid_for(request: HttpRequest, pk: int) -> Bid:
    """A bid the person may read: their own supplier's, or a submitted bid once opened."""
    bid = selectors.bid_get(pk)
    if bid is None or not permissions.can(request.user, "bid.read", bid):
        raise Http404
    is_bidder = permissions.can(request.user, "bid.edit", bid)
    if not is_bidder and bid.status != BidStatus.SUBMITTED:
        raise Http404
    return bid


# --- Buyer pages -----------------------------------------------------------------------------
@require_GET
@login_required
def tender_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    if not organisation or not permissions.can(request.user, "commissioning.view", organisation):
        raise PermissionDenied("Only people who work for a buyer can see its tenders.")
    page = page_of(request, selectors.tenders_for_buyer(organisation))
    may_change_settings = permissions.can(request.user, "organisation.manage", organisation)
    return render(
        request,
        "procurement/tender_list.html",
        {"page": page, "may_change_settings": may_change_settings},
    )


@require_http_methods(["GET", "POST"])
@login_required
def tender_create(request: HttpRequest, commission_pk: int) -> HttpResponse:
    commission = get_object_or_404(Commission, pk=commission_pk)
    if not permissions.can(request.user, "tender.manage", commission):
        raise Http404
    versions = selectors.issued_versions_for(commission)
    form = TenderForm(
        request.POST or None,
        versions=versions,
        initial={"title": commission.title, "summary": commission.summary},
    )
    check_as_you_type(form.fields["summary"].widget)
    if request.method == "POST" and form.is_valid():
        try:
            tender = services.tender_create(
                commission=commission, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Draft tender {tender.reference} created. Add questions for bidders."
            )
            return redirect("procurement:tender_detail", pk=tender.pk)
    context = {
        "commission": commission,
        "form": form,
        "has_versions": versions.exists(),
        "summary_check": analyse(
            form["summary"].value() or "", glossary_for(commission.organisation)
        ),
    }
    return render(request, "procurement/tender_create.html", context)


def _render_tender_detail(
    request: HttpRequest,
    tender: Tender,
    *,
    question_form: forms.Form | None = None,
    lot_form: LotForm | None = None,
    limits_form: LotLimitsForm | None = None,
) -> HttpResponse:
    """The tender page. A refused question, lot or limit on lots comes back bound, with
    its errors and what was typed."""
    page = pages.tender_page(
        tender=tender, user=request.user, supplier=_bidding_organisation(request)
    )
    context: dict[str, object] = {
        "view": page,
        "tender": tender,
        "question_form": question_form,
        "lot_form": lot_form,
        "limits_form": limits_form,
    }
    # Blank forms show only while the buyer may still add questions and lots: nobody
    # else pays for building them. A refused form always comes back with its errors.
    if page.may_add_question:
        context["question_form"] = question_form or question_form_with_criteria(
            tender_criteria=page.all_criteria, tender_lots=page.lots
        )
        context["lot_form"] = lot_form or LotForm(prefix="lot")
        context["limits_form"] = limits_form or LotLimitsForm(
            prefix="limits",
            initial={
                "max_lots_per_bid": tender.max_lots_per_bid,
                "max_lots_won": tender.max_lots_won,
            },
        )
    return render(request, "procurement/tender_detail.html", context)


@require_GET
def tender_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone acting for a supplier sees the page as a bidder, without the buyer's panel,
    # and with their supplier's own bid and taking part read with the tender.
    supplier = _bidding_organisation(request)
    read = partial(selectors.tender_get, buyer_panel=supplier is None, supplier=supplier)
    return _render_tender_detail(request, _get_tender_for(request, pk, read))


@require_POST
@login_required
def tender_question_add(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    form = question_form_with_criteria(
        request.POST,
        tender_criteria=list(tender.criteria.all()),
        tender_lots=list(tender.lots.all()),
    )
    if submit_form(
        form, lambda data: services.tender_question_add(tender=tender, by=request.user, **data)
    ):
        messages.success(request, "Question added.")
        return redirect("procurement:tender_detail", pk=tender.pk)
    return _render_tender_detail(request, tender, question_form=form)


def _tender_event(
    request: HttpRequest, pk: int, service: Callable[..., Tender], success: str
) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    return run_and_redirect(
        request,
        lambda: service(tender=tender, by=request.user),
        success=success,
        to="procurement:tender_detail",
        pk=tender.pk,
    )


@require_POST
@login_required
def tender_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _tender_event(
        request, pk, services.tender_publish, "Tender published. Suppliers can now bid."
    )


@require_POST
@login_required
def tender_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _tender_event(request, pk, services.tender_close, "Tender closed to bids.")


@require_POST
@login_required
def bids_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _tender_event(request, pk, services.bids_open, "Bids opened.")


@require_http_methods(["GET", "POST"])
@login_required
def tender_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.tender_cancel(tender=tender, reason=data["reason"], by=request.user),
    ):
        messages.success(request, "Tender cancelled.")
        return redirect("procurement:tender_detail", pk=tender.pk)
    return render(request, "procurement/tender_cancel.html", {"tender": tender, "form": form})


# --- Supplier pages --------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def bid_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_tender_for(request, pk)
    supplier = _bidding_organisation(request)
    if supplier is None or supplier.pk == tender.organisation_id:
        raise Http404
    # The bid services refuse too; this page says so plainly instead of showing a form.
    refusal = (
        direct_award.bid_refusal(tender=tender, supplier=supplier)
        or exclusion.supplier_refusal(tender=tender, supplier=supplier)
        or conditions.conditions_refusal(tender=tender, supplier=supplier)
        or stages.final_tender_refusal(tender=tender, supplier=supplier)
    )
    if refusal:
        context = {"tender": tender, "supplier": supplier, "refusal": refusal}
        return render(request, "procurement/bid_refused.html", context, status=403)
    # A supplier that withdrew from the tender is told so, with what it means.
    withdrawal = selectors.withdrawal_from(tender=tender, supplier=supplier)
    if withdrawal is not None:
        context = {"tender": tender, "supplier": supplier, "withdrawal": withdrawal}
        return render(request, "procurement/bid_withdrawn.html", context, status=403)
    bid = selectors.bid_for_supplier(tender, supplier)
    if bid is not None and bid.status == BidStatus.SUBMITTED:
        return redirect("procurement:bid_detail", pk=bid.pk)
    # A late POST still reaches the services, which say exactly why it is refused and
    # the supplier keeps what they typed.
    if not tender.is_open_for_bids and request.method == "GET":
        messages.error(request, "This tender is not open for bids.")
        return redirect("procurement:tender_detail", pk=tender.pk)
    # In a tender with lots, the questions of the lots the bid covers.
    questions = lots.questions_for(tender, bid)
    saved = {answer.question_id: answer.text for answer in bid.answers.all()} if bid else {}
    form = BidAnswersForm(
        request.POST or None,
        questions=questions,
        initial={f"answer_{question_id}": text for question_id, text in saved.items()},
    )
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        try:
            if bid is None:
                bid = services.bid_start(tender=tender, supplier=supplier, by=request.user)
            services.bid_save_answers(bid=bid, answers=form.answers(), by=request.user)
            if submitting:
                services.bid_submit(bid=bid, by=request.user)
        except services.BidAnswersInvalid as error:
            form.add_question_errors(error.errors)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if submitting:
                messages.success(request, "Your bid has been submitted.")
                return redirect("procurement:bid_detail", pk=bid.pk)
            messages.success(request, _draft_saved_message(questions, form.answers()))
            return redirect("procurement:bid_edit", pk=tender.pk)
    return _render_bid_edit(request, tender=tender, bid=bid, supplier=supplier, form=form)


def _draft_saved_message(questions: list[TenderQuestion], answers: dict[int, str]) -> str:
    """What to say once a draft is saved, naming the answers still over their limit."""
    over = [
        str(number)
        for number, question in enumerate(questions, start=1)
        if word_count(answers.get(question.pk, "")) > question.word_limit
    ]
    if not over:
        return "Your draft has been saved."
    which = "question " + over[0] if len(over) == 1 else "questions " + ", ".join(over)
    return (
        f"Your draft has been saved. Your answer to {which} is over the word limit: "
        "shorten it before you submit."
    )


# Each part of a bid besides its answers: the form, the service that adds it, what to say.
BID_PARTS: dict[str, tuple[type[forms.Form], Callable[..., Any], str]] = {
    "price": (PriceLineForm, bid_parts.price_line_add, "Price line added."),
    "commitment": (BidCommitmentForm, bid_parts.bid_commitment_add, "Commitment added."),
    "attachment": (AttachmentForm, bid_parts.attachment_add, "File attached."),
    "lots": (LotChoiceForm, bid_parts.bid_lots_choose, "Your choice of lots has been saved."),
}


def _bid_part_form(
    part: str, tender: Tender, bid: Bid | None, request: HttpRequest | None = None
) -> forms.Form:
    """The form for one part of the bid: empty, or bound to what was posted."""
    form_class = BID_PARTS[part][0]
    data, files = (request.POST, request.FILES) if request is not None else (None, None)
    if form_class is LotChoiceForm:
        chosen = [bid_lot.lot_id for bid_lot in bid.bid_lots.all()] if bid else []
        return LotChoiceForm(
            data, prefix=part, tender_lots=tender.lots.all(), initial={"lots": chosen}
        )
    if form_class is PriceLineForm and tender.lots.exists():
        # Each line prices one of the lots the bid covers.
        chosen_lots = tender.lots.filter(bid_lots__bid=bid) if bid else tender.lots.none()
        return LotPriceLineForm(data, prefix=part, tender_lots=chosen_lots)
    return form_class(data, files, prefix=part)


def _render_bid_edit(
    request: HttpRequest,
    *,
    tender: Tender,
    bid: Bid | None,
    supplier: Organisation,
    form: BidAnswersForm | None = None,
    part_form: forms.Form | None = None,
) -> HttpResponse:
    """The bid page. A part that was refused comes back bound (`part_form`), with its
    errors at the top and beside each field, and everything typed kept."""
    if form is None:
        saved = {answer.question_id: answer.text for answer in bid.answers.all()} if bid else {}
        form = BidAnswersForm(
            questions=lots.questions_for(tender, bid),
            initial={f"answer_{question_id}": text for question_id, text in saved.items()},
        )
    parts = {part: _bid_part_form(part, tender, bid) for part in BID_PARTS}
    price_lines = list(bid.price_lines.select_related("lot")) if bid else []
    if part_form is not None:
        parts[part_form.prefix] = part_form
    context = {
        "tender": tender,
        "bid": bid,
        "supplier": supplier,
        "form": form,
        "declaration_needed": exclusion.declaration_current(supplier) is None,
        "conditions_needed": conditions.submit_refusal(tender=tender, supplier=supplier),
        "error_form": part_form or form,
        "price_form": parts["price"],
        "commitment_form": parts["commitment"],
        "attachment_form": parts["attachment"],
        "lot_form": parts["lots"] if tender.lots.exists() else None,
        "price_lines": price_lines,
        "price_total": selectors.price_total(price_lines),
        "has_lots": tender.lots.exists(),
        "commitments": list(bid.commitments.select_related("measure")) if bid else [],
        "attachments": list(bid.attachments.all()) if bid else [],
    }
    return render(request, "procurement/bid_edit.html", context)


@require_GET
@login_required
def bid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_bid_detail(request, _get_bid_for(request, pk))


def _render_bid_detail(
    request: HttpRequest, bid: Bid, *, withdraw_form: WithdrawForm | None = None
) -> HttpResponse:
    """The bid page. A refused withdrawal comes back bound (`withdraw_form`), with its
    error at the top and beside the reason, and the reason as typed."""
    is_bidder = permissions.can(request.user, "bid.edit", bid)
    answers = {answer.question_id: answer for answer in bid.answers.all()}
    price_lines = list(bid.price_lines.all())
    context = {
        "bid": bid,
        "tender": bid.tender,
        "is_bidder": is_bidder,
        "answers": [
            (question, answers.get(question.pk)) for question in lots.questions_for(bid.tender, bid)
        ],
        "outcomes": bid_outcomes(bid),
        "may_withdraw": is_bidder
        and bid.status == BidStatus.SUBMITTED
        and bid.tender.is_open_for_bids,
        "may_edit": is_bidder and bid.status != BidStatus.SUBMITTED and bid.tender.is_open_for_bids,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "price_lines": price_lines,
        "price_total": selectors.price_total(price_lines),
        "feedback_letter": selectors.feedback_letter_for(bid)
        if permissions.can(request.user, "feedback.read", bid)
        else None,
    }
    return render(request, "procurement/bid_detail.html", context)


@require_POST
@login_required
def bid_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    bid = _get_bid_for(request, pk)
    if not permissions.can(request.user, "bid.edit", bid):
        raise Http404
    form = WithdrawForm(request.POST)
    if submit_form(form, lambda data: services.bid_withdraw(bid=bid, by=request.user, **data)):
        messages.success(
            request,
            "Your bid has been withdrawn. "
            "You can change it and submit it again before the deadline.",
        )
        return redirect("procurement:bid_detail", pk=bid.pk)
    # The page comes back with the error and the reason as typed.
    return _render_bid_detail(request, bid, withdraw_form=form)


@require_GET
@login_required
def my_bids(request: HttpRequest) -> HttpResponse:
    supplier = _bidding_organisation(request)
    if supplier is None:
        raise PermissionDenied("Only people who bid for a supplier can see its bids.")
    page = page_of(request, selectors.bids_for_supplier(supplier))
    rows = [(bid, bid_outcomes(bid)) for bid in page.object_list]
    context = {"page": page, "rows": rows, "supplier": supplier}
    return render(request, "procurement/my_bids.html", context)


# --- Parts of a bid: price schedule, commitments, attachments ------------------------------
def _get_own_bid_for(request: HttpRequest, pk: int) -> Bid:
    bid = selectors.bid_get(pk)
    if bid is None or not permissions.can(request.user, "bid.edit", bid):
        raise Http404
    return bid


@require_POST
@login_required
def bid_part_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """Add a price line, a commitment or an attachment, or choose lots. If anything is
    wrong the bid page comes back with the error and what was typed, not a redirect."""
    bid = _get_own_bid_for(request, pk)
    if part not in BID_PARTS:
        raise Http404
    _, service, success = BID_PARTS[part]
    form = _bid_part_form(part, bid.tender, bid, request)
    if submit_form(form, lambda data: service(bid=bid, by=request.user, **data)):
        messages.success(request, success)
        return redirect(f"{reverse('procurement:bid_edit', args=[bid.tender_id])}#{part}")
    return _render_bid_edit(
        request, tender=bid.tender, bid=bid, supplier=bid.supplier, part_form=form
    )


@require_POST
@login_required
def bid_part_remove(request: HttpRequest, pk: int, part: str, part_pk: int) -> HttpResponse:
    bid = _get_own_bid_for(request, pk)
    if part == "price":
        remove = partial(
            bid_parts.price_line_remove, line=get_object_or_404(bid.price_lines, pk=part_pk)
        )
    elif part == "commitment":
        remove = partial(
            bid_parts.bid_commitment_remove,
            commitment=get_object_or_404(bid.commitments, pk=part_pk),
        )
    elif part == "attachment":
        remove = partial(
            bid_parts.attachment_remove,
            attachment=get_object_or_404(bid.attachments, pk=part_pk),
        )
    else:
        raise Http404
    return run_and_redirect(
        request,
        partial(remove, by=request.user),
        success="Removed.",
        to=f"{reverse('procurement:bid_edit', args=[bid.tender_id])}#{part}",
    )


@require_GET
@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A bid's attachment, under the same sealed-bid rule as its answers."""
    bid = _get_bid_for(request, pk)
    attachment = get_object_or_404(bid.attachments, pk=attachment_pk)
    return private_file_response(attachment.file, filename=attachment.original_name)


@require_POST
@login_required
def lot_add(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    form = LotForm(request.POST, prefix="lot")
    if submit_form(form, lambda data: services.lot_add(tender=tender, by=request.user, **data)):
        messages.success(request, "Lot added.")
        return redirect(f"{reverse('procurement:tender_detail', args=[tender.pk])}#lots")
    # Refused: the tender page again, with the reason and the lot as it was typed.
    return _render_tender_detail(request, tender, lot_form=form)


@require_POST
@login_required
def lot_limits(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    form = LotLimitsForm(request.POST, prefix="limits")
    if submit_form(
        form, lambda data: services.lot_limits_set(tender=tender, by=request.user, **data)
    ):
        messages.success(request, "Limits on lots saved.")
        return redirect(f"{reverse('procurement:tender_detail', args=[tender.pk])}#lots")
    # Refused: the tender page again, with the reason and the limits as they were typed.
    return _render_tender_detail(request, tender, limits_form=form)
