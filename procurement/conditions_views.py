"""Conditions of participation pages: the buyer sets them on a draft tender, a supplier
answers them, and the buyer passes or fails each supplier from the page of suppliers
taking part (`procurement.exclusion_views`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import submit_form
from core.views import run_and_redirect
from procurement import conditions, direct_award, exclusion
from procurement.conditions_forms import AssessForm, ConditionAnswersForm, ConditionForm
from procurement.exclusion_views import render_checks
from procurement.models import ParticipationCondition, TenderParticipant, TenderStatus
from procurement.views import _bidding_organisation, _get_managed_tender_for, _get_tender_for


@require_http_methods(["GET", "POST"])
@login_required
def tender_conditions(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer's list of conditions; while the tender is a draft, a form to add one."""
    tender = _get_managed_tender_for(request, pk)
    form = ConditionForm(request.POST or None)
    if request.method == "POST" and submit_form(
        form,
        lambda data: conditions.condition_add(tender=tender, by=request.user, **data),
    ):
        messages.success(request, "Condition of participation added.")
        return redirect("procurement:tender_conditions", pk=tender.pk)
    context = {
        "tender": tender,
        "conditions": conditions.conditions_for(tender),
        "form": form,
        "may_edit": tender.status == TenderStatus.DRAFT,
    }
    return render(request, "procurement/tender_conditions.html", context)


@require_POST
@login_required
def condition_remove(request: HttpRequest, pk: int, condition_pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    condition = ParticipationCondition.objects.filter(pk=condition_pk, tender=tender).first()
    if condition is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: conditions.condition_remove(condition=condition, by=request.user),
        success="Condition of participation removed.",
        to="procurement:tender_conditions",
        pk=tender.pk,
    )


@require_http_methods(["GET", "POST"])
@login_required
def conditions_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier's answers to the tender's conditions, and the buyer's decision on them
    once made. Answering takes the supplier into the tender if it is not taking part yet."""
    tender = _get_tender_for(request, pk)
    supplier = _bidding_organisation(request)
    tender_conditions = conditions.conditions_for(tender)
    if supplier is None or supplier.pk == tender.organisation_id or not tender_conditions:
        raise Http404
    refusal = direct_award.bid_refusal(
        tender=tender, supplier=supplier
    ) or exclusion.supplier_refusal(tender=tender, supplier=supplier)
    if refusal:
        context = {"tender": tender, "supplier": supplier, "refusal": refusal}
        return render(request, "procurement/bid_refused.html", context, status=403)
    standing = conditions.supplier_conditions(tender=tender, supplier=supplier)
    participant = standing.participant
    may_answer = tender.status in conditions.ANSWERABLE_STATUSES and (
        participant is None or (participant.is_in_process and not participant.conditions_assessed)
    )
    saved = conditions.answers_of(participant) if participant is not None else {}
    form = ConditionAnswersForm(
        request.POST if request.method == "POST" else None,
        conditions=tender_conditions,
        initial={f"condition_{pk}": answer.text for pk, answer in saved.items()},
    )
    if request.method == "POST":
        if not may_answer:
            raise Http404
        if submit_form(
            form,
            lambda data: conditions.conditions_answer_as(
                tender=tender, supplier=supplier, answers=form.answers(), by=request.user
            ),
        ):
            messages.success(
                request,
                "Your answers have been saved. The buyer will tell you whether you pass.",
            )
            return redirect("procurement:conditions_answer", pk=tender.pk)
    context = {
        "tender": tender,
        "supplier": supplier,
        "standing": standing,
        "rows": [(condition, saved.get(condition.pk)) for condition in tender_conditions],
        "form": form,
        "may_answer": may_answer,
    }
    return render(request, "procurement/conditions_answer.html", context)


@require_POST
@login_required
def participant_conditions_assess(
    request: HttpRequest, pk: int, participant_pk: int
) -> HttpResponse:
    """The buyer's pass or fail on one supplier's answers, with the reason."""
    tender = _get_managed_tender_for(request, pk)
    participant = TenderParticipant.objects.filter(pk=participant_pk, tender=tender).first()
    if participant is None:
        raise Http404
    form = AssessForm(request.POST, prefix=f"{AssessForm.prefix_letter}{participant.pk}")
    if submit_form(
        form,
        lambda data: conditions.conditions_assess(
            tender=tender,
            participant=participant,
            passed=form.passed,
            reason=data["reason"],
            by=request.user,
        ),
    ):
        outcome = "passes" if form.passed else "does not pass"
        messages.success(
            request, f"{participant.supplier} {outcome} the conditions of participation."
        )
        return redirect("procurement:tender_bidders", pk=tender.pk)
    return render_checks(request, tender, failed=(participant.pk, form))
