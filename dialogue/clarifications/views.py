"""Clarification pages: the log on a tender, asking a question, one question, answering."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from accounts.models import BUYER_STAFF_ROLES, Organisation
from core.errors import DomainError
from dialogue import departure
from dialogue.clarifications import selectors, services
from dialogue.clarifications.forms import ClarificationAnswerForm, ClarificationAskForm
from dialogue.models import Clarification, ClarificationStatus
from procurement.models import Tender


def _acting_supplier(request: HttpRequest) -> Organisation | None:
    """The supplier the person is acting for, if they may act for it in the portal."""
    organisation = getattr(request, "organisation", None)
    if organisation and permissions.can(request.user, "supplier.act", organisation):
        return organisation
    return None


def _get_tender_for(request: HttpRequest, pk: int) -> Tender:
    """A tender whose clarifications this person may see or ask about: the council and
    participants, and anyone acting for a supplier while the tender is public."""
    tender = selectors.tender_for_clarifications(pk)
    if tender is None:
        raise Http404
    if permissions.can(request.user, "tender.dialogue_view", tender):
        return tender
    departure.check(request, tender)
    if tender.is_public and _acting_supplier(request) is not None:
        return tender
    raise Http404


def _get_clarification_for(request: HttpRequest, pk: int) -> Clarification:
    clarification = selectors.clarification_get(pk)
    if clarification is None:
        raise Http404
    if not permissions.can(request.user, "clarification.read", clarification):
        departure.check(request, clarification.tender)
        raise Http404
    return clarification


def _ask_context(tender: Tender, supplier: Organisation | None, form: ClarificationAskForm):
    deadline = services.clarification_deadline(tender)
    return {
        "tender": tender,
        "supplier": supplier,
        "form": form,
        "deadline": deadline,
        "is_open": tender.status in services.ASKABLE_STATUSES and deadline > timezone.now(),
        "max_characters": services.QUESTION_MAX_CHARACTERS,
    }


@require_GET
@login_required
@departure.shows_departure
def clarification_log(request: HttpRequest, tender_pk: int) -> HttpResponse:
    tender = _get_tender_for(request, tender_pk)
    supplier = _acting_supplier(request)
    log = selectors.clarification_log_for(tender=tender, user=request.user, supplier=supplier)
    context = {**_ask_context(tender, supplier, ClarificationAskForm()), "log": log}
    return render(request, "dialogue/clarifications/log.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@departure.shows_departure
def clarification_ask(request: HttpRequest, tender_pk: int) -> HttpResponse:
    tender = _get_tender_for(request, tender_pk)
    supplier = _acting_supplier(request)
    if supplier is None:
        raise Http404
    form = ClarificationAskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clarification = services.clarification_ask(
                tender=tender,
                supplier=supplier,
                question=form.cleaned_data["question"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error("question", str(error))
        else:
            if clarification.already_sent:
                messages.info(
                    request, "You already sent this question. The buyer has not answered it yet."
                )
            else:
                messages.success(
                    request,
                    "Question sent. We will tell you when the buyer answers.",
                )
            return redirect("dialogue:clarification_log", tender.pk)
    return render(request, "dialogue/clarifications/ask.html", _ask_context(tender, supplier, form))


@require_GET
@login_required
@departure.shows_departure
def clarification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    clarification = _get_clarification_for(request, pk)
    tender = clarification.tender
    context = {
        "clarification": clarification,
        "tender": tender,
        "is_buyer_staff": permissions.buyer_role(
            request.user, tender.organisation_id, *BUYER_STAFF_ROLES
        ),
        "is_asker": permissions.supplier_role(request.user, clarification.supplier_id),
        "may_answer": clarification.status == ClarificationStatus.AWAITING_ANSWER
        and permissions.can(request.user, "tender.manage", tender),
    }
    return render(request, "dialogue/clarifications/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@departure.shows_departure
def clarification_answer(request: HttpRequest, pk: int) -> HttpResponse:
    clarification = _get_clarification_for(request, pk)
    tender = clarification.tender
    if not permissions.can(request.user, "tender.manage", tender):
        raise PermissionDenied("Only the buyer's commissioners can answer questions.")
    # A late POST still reaches the service, which says why it is refused, and the form
    # comes back with what was typed.
    if clarification.status != ClarificationStatus.AWAITING_ANSWER and request.method == "GET":
        messages.info(request, "This question has already been answered.")
        return redirect("dialogue:clarification_detail", clarification.pk)
    form = ClarificationAnswerForm(
        request.POST or None, initial={"published_question": clarification.question}
    )
    if request.method == "POST" and form.is_valid():
        try:
            clarification = services.clarification_answer(
                clarification=clarification,
                answer=form.cleaned_data["answer"],
                publish=form.publish,
                published_question=form.cleaned_data["published_question"],
                private_reason=form.cleaned_data["private_reason"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(form.field_for(str(error)), str(error))
        else:
            if clarification.is_published:
                messages.success(
                    request,
                    f"Answer published as Q{clarification.log_number}. "
                    "Every participant has been told.",
                )
            else:
                messages.success(request, "Answer sent privately to the supplier who asked.")
            return redirect("dialogue:clarification_log", tender.pk)
    context = {
        "clarification": clarification,
        "tender": tender,
        "form": form,
        "private_chosen": form["visibility"].value() == "private",
    }
    return render(request, "dialogue/clarifications/answer.html", context)
