"""Pages for lived-experience panel members, and the commissioner's pages for adding them
and checking their declarations. A member's pages show bids by letter only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions
from core.forms import submit_form
from core.views import run_and_redirect
from procurement import evaluation, lived_experience, selectors, tender_settings
from procurement.evaluation_views import _get_evaluation_tender_for
from procurement.forms import ScoreForm
from procurement.lived_experience_forms import (
    AccountSetUpForm,
    ConnectionsCheckForm,
    ConnectionsForm,
    LivedExperienceMemberForm,
)
from procurement.lived_experience_pages import anonymised_bid, lived_experience_panel
from procurement.models import CriterionKind, PanelKind, PanelMember, Tender


# --- The commissioner ----------------------------------------------------------------------
def _get_managed_evaluation_for(request: HttpRequest, pk: int) -> Tender:
    tender = _get_evaluation_tender_for(request, pk)
    if not permissions.can(request.user, "tender.manage", tender):
        raise Http404
    return tender


def _lived_experience_seat(tender: Tender, seat_pk: int) -> PanelMember:
    seat = get_object_or_404(
        PanelMember.objects.select_related("evaluator"),
        pk=seat_pk,
        tender=tender,
        kind=PanelKind.LIVED_EXPERIENCE,
    )
    seat.tender = tender
    return seat


@require_http_methods(["GET", "POST"])
@login_required
def lived_experience_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a person with lived experience to the panel, for the questions chosen here."""
    tender = _get_managed_evaluation_for(request, pk)
    questions = tender.questions.select_related("criterion").exclude(
        criterion__kind=CriterionKind.PRICE
    )
    form = LivedExperienceMemberForm(request.POST or None, questions=questions)
    panel_closed = not evaluation.panel_is_open(tender)
    if request.method == "POST" and submit_form(
        form,
        lambda data: lived_experience.lived_experience_member_add(
            tender=tender, by=request.user, **data
        ),
    ):
        messages.success(
            request, f"{form.cleaned_data['full_name']} added to the panel. We have told them."
        )
        return redirect("procurement:evaluation", pk=tender.pk)
    context = {"tender": tender, "form": form, "panel_closed": panel_closed}
    return render(request, "procurement/lived_experience_add.html", context)


@require_POST
@login_required
def lived_experience_check(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    """The commissioner's answer on the organisations a lived-experience member named."""
    tender = _get_managed_evaluation_for(request, pk)
    seat = _lived_experience_seat(tender, seat_pk)
    form = ConnectionsCheckForm(request.POST, prefix=f"check{seat.pk}")
    if not form.is_valid():
        messages.error(request, "Say whether any organisation they named is bidding.")
        return redirect("procurement:evaluation", pk=tender.pk)
    return run_and_redirect(
        request,
        lambda: lived_experience.lived_experience_connections_check(
            seat=seat, by=request.user, **form.cleaned_data
        ),
        success=f"Declaration of {seat.evaluator} checked.",
        to="procurement:evaluation",
        pk=tender.pk,
    )


@require_POST
@login_required
def lived_experience_invitation_renew(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    """A new link for a member who has not set up their account (the first expired or
    went astray)."""
    tender = _get_managed_evaluation_for(request, pk)
    seat = _lived_experience_seat(tender, seat_pk)
    return run_and_redirect(
        request,
        lambda: lived_experience.lived_experience_invitation_renew(seat=seat, by=request.user),
        success=f"We are emailing {seat.evaluator} a new link to set up their account.",
        to="procurement:evaluation",
        pk=tender.pk,
    )


# --- The member's account ------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def lived_experience_join(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: the person sets up their account and lands on their panel page.
    No sign-in needed: the link is the proof that the email reached them."""
    seat = lived_experience.seat_for_invitation(token)
    if seat is None:
        return render(request, "procurement/lived_experience_join_used.html", status=404)
    form = AccountSetUpForm(request.POST or None, initial={"full_name": seat.evaluator.full_name})
    if request.method == "POST" and submit_form(
        form,
        lambda data: lived_experience.lived_experience_account_set_up(
            token=token, full_name=data["full_name"], password=data["password1"]
        ),
    ):
        # With its new password, so that the session stays valid.
        seat.evaluator.refresh_from_db()
        login(request, seat.evaluator, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account is set up.")
        return redirect("procurement:lived_experience_panel", pk=seat.tender_id)
    context = {"seat": seat, "tender": seat.tender, "form": form}
    return render(request, "procurement/lived_experience_join.html", context)


# --- The member's panel pages ----------------------------------------------------------------
def _get_own_panel_tender_for(request: HttpRequest, pk: int) -> Tender:
    """A tender on whose panel this person sits as a lived-experience member; 404 for
    anyone else, the buyer's own staff included (they have the evaluation pages)."""
    tender = selectors.tender_get(pk)
    if tender is None or not permissions.can(request.user, "evaluation.lived_experience", tender):
        raise Http404
    return tender


@require_http_methods(["GET"])
@login_required
def lived_experience_panel_page(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_own_panel_tender_for(request, pk)
    panel = lived_experience_panel(tender, request.user)
    if panel is None:
        raise Http404
    return render(request, "procurement/lived_experience_panel.html", {"panel": panel})


@require_http_methods(["GET", "POST"])
@login_required
def lived_experience_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_own_panel_tender_for(request, pk)
    panel = lived_experience_panel(tender, request.user)
    if panel is None:
        raise Http404
    if not panel.may_declare:
        return redirect("procurement:lived_experience_panel", pk=tender.pk)
    form = ConnectionsForm(request.POST or None)
    if request.method == "POST" and submit_form(
        form,
        lambda data: lived_experience.lived_experience_declare(
            tender=tender, by=request.user, **data
        ),
    ):
        messages.success(request, "Thank you. Your declaration has been recorded.")
        return redirect("procurement:lived_experience_panel", pk=tender.pk)
    return render(
        request, "procurement/lived_experience_declaration.html", {"tender": tender, "form": form}
    )


@require_http_methods(["GET", "POST"])
@login_required
def lived_experience_score(request: HttpRequest, pk: int, letter: str) -> HttpResponse:
    tender = _get_own_panel_tender_for(request, pk)
    if not permissions.can(request.user, "evaluation.score_anonymised", tender):
        raise Http404
    anonymised = anonymised_bid(tender, request.user, letter)
    if anonymised is None:
        raise Http404
    questions = [answer.question for answer in anonymised.answers]
    existing = selectors.own_scores(anonymised.bid, request.user)
    initial = {}
    for question in questions:
        if question.pk in existing:
            initial[f"score_{question.pk}"] = str(existing[question.pk].score)
            initial[f"rationale_{question.pk}"] = existing[question.pk].rationale
    form = ScoreForm(
        request.POST or None,
        initial=initial,
        questions=questions,
        max_score=tender.max_score,
        descriptors=tender_settings.descriptors_for(tender),
    )
    if request.method == "POST" and submit_form(
        form,
        lambda data: evaluation.scores_record(
            bid=anonymised.bid, scores=form.scores(), by=request.user
        ),
    ):
        messages.success(request, f"Your scores for {anonymised.label} have been saved.")
        return redirect("procurement:lived_experience_panel", pk=tender.pk)
    items = [
        (answer, form[f"score_{answer.question.pk}"], form[f"rationale_{answer.question.pk}"])
        for answer in anonymised.answers
    ]
    context = {"anonymised": anonymised, "tender": tender, "form": form, "items": items}
    return render(request, "procurement/lived_experience_score.html", context)


@require_POST
@login_required
def lived_experience_submit(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_own_panel_tender_for(request, pk)
    return run_and_redirect(
        request,
        lambda: evaluation.scores_submit(tender=tender, by=request.user),
        success="Your scores have been sent to the panel. Thank you.",
        to="procurement:lived_experience_panel",
        pk=tender.pk,
    )
