"""Dialogue round pages: the buyer plans, runs and closes rounds; invited bidders book a
meeting, send an outline solution and read the summary and their own feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.models import Organisation
from core.errors import DomainError
from core.forms import submit_form
from core.private_files import private_file_response
from core.uploads import UploadRejected
from core.views import run_and_redirect
from dialogue import departure
from dialogue.models import DialogueRound, MeetingSlot, RoundStatus
from dialogue.rounds import selectors, services
from dialogue.rounds.forms import (
    CloseForm,
    FeedbackForm,
    FinalSubmissionsForm,
    OutlineForm,
    RoundForm,
    SlotBookingForm,
    SlotForm,
)
from procurement.models import Procedure, Tender, TenderStatus
from procurement.selectors import participants_in_process, tender_get


# --- Access -----------------------------------------------------------------------------------
def _get_tender_for(request: HttpRequest, pk: int) -> Tender:
    """A tender whose rounds this person may list: the council and active participants."""
    tender = tender_get(pk)
    if tender is None:
        raise Http404
    if not permissions.can(request.user, "tender.dialogue_view", tender):
        departure.check(request, tender)
        raise Http404
    return tender


def _get_managed_tender_for(request: HttpRequest, pk: int) -> Tender:
    tender = _get_tender_for(request, pk)
    if not permissions.can(request.user, "tender.manage", tender):
        raise Http404
    return tender


def _get_round_for(request: HttpRequest, pk: int) -> DialogueRound:
    """A round this person may see: the council always, invited bidders once it is open."""
    dialogue_round = selectors.round_get(pk)
    if dialogue_round is None:
        raise Http404
    if not permissions.can(request.user, "round.view", dialogue_round):
        departure.check(request, dialogue_round.tender)
        raise Http404
    return dialogue_round


def _get_managed_round_for(request: HttpRequest, pk: int) -> DialogueRound:
    dialogue_round = _get_round_for(request, pk)
    if not permissions.can(request.user, "tender.manage", dialogue_round.tender):
        raise Http404
    return dialogue_round


def _bidder_for(request: HttpRequest, dialogue_round: DialogueRound) -> Organisation:
    supplier = selectors.bidder_for(dialogue_round=dialogue_round, user=request.user)
    if supplier is None:
        raise Http404
    return supplier


# --- The list of rounds and the tender moves --------------------------------------------------
@require_GET
@login_required
@departure.shows_departure
def round_list(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_tender_for(request, pk)
    may_manage = permissions.can(request.user, "tender.manage", tender)
    context = {
        "tender": tender,
        "rounds": selectors.rounds_for_tender(tender=tender, user=request.user),
        "is_council": selectors.is_council(user=request.user, tender=tender),
        "may_manage": may_manage,
        "may_start_dialogue": may_manage
        and tender.procedure == Procedure.COMPETITIVE_FLEXIBLE
        and tender.status == TenderStatus.PUBLISHED,
        "may_plan": may_manage
        and tender.procedure == Procedure.COMPETITIVE_FLEXIBLE
        and tender.status in (TenderStatus.PUBLISHED, TenderStatus.DIALOGUE),
        "may_open_final": may_manage and tender.status == TenderStatus.DIALOGUE,
    }
    return render(request, "dialogue/rounds/round_list.html", context)


@require_POST
@login_required
@departure.shows_departure
def round_dialogue_start(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    return run_and_redirect(
        request,
        lambda: services.tender_dialogue_start(tender=tender, by=request.user),
        success="The tender is in dialogue. Plan the first round.",
        to="dialogue:round_list",
        pk=tender.pk,
    )


@require_http_methods(["GET", "POST"])
@login_required
@departure.shows_departure
def round_final_submissions(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    form = FinalSubmissionsForm(request.POST or None)
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.tender_final_submissions_open(
            tender=tender,
            submission_deadline=data["submission_deadline"],
            by=request.user,
        ),
    ):
        messages.success(
            request, "Final submissions are open. Every bidder still taking part has been told."
        )
        return redirect("dialogue:round_list", pk=tender.pk)
    return render(
        request, "dialogue/rounds/final_submissions.html", {"tender": tender, "form": form}
    )


# --- Planning a round --------------------------------------------------------------------------
def _round_form(request: HttpRequest, tender: Tender, **kwargs: Any) -> RoundForm:
    suppliers = Organisation.objects.filter(
        pk__in=participants_in_process(tender).values("supplier_id")
    ).order_by("name")
    return RoundForm(
        request.POST or None,
        topics=services.open_topics_for(tender),
        suppliers=suppliers,
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
@login_required
@departure.shows_departure
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    form = _round_form(
        request,
        tender,
        initial={
            "invited": list(participants_in_process(tender).values_list("supplier_id", flat=True))
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            dialogue_round = services.round_create(
                tender=tender, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Round {dialogue_round.number} is planned. Add meeting slots, then open it.",
            )
            return redirect("dialogue:round_detail", pk=dialogue_round.pk)
    return render(
        request, "dialogue/rounds/round_form.html", {"tender": tender, "form": form, "round": None}
    )


@require_http_methods(["GET", "POST"])
@login_required
@departure.shows_departure
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue_round = _get_managed_round_for(request, pk)
    tender = dialogue_round.tender
    # A late POST still reaches the service, which says why it is refused, and the form
    # comes back with what was typed.
    if dialogue_round.status != RoundStatus.PLANNED and request.method == "GET":
        messages.error(request, "You can change a round only before it opens.")
        return redirect("dialogue:round_detail", pk=dialogue_round.pk)
    form = _round_form(
        request,
        tender,
        initial={
            "title": dialogue_round.title,
            "agenda": dialogue_round.agenda,
            "topics": list(dialogue_round.topics.values_list("pk", flat=True)),
            "invited": list(dialogue_round.invited.values_list("pk", flat=True)),
            "meetings_from": dialogue_round.meetings_from,
            "meetings_to": dialogue_round.meetings_to,
            "outline_deadline": dialogue_round.outline_deadline,
            "outline_word_limit": dialogue_round.outline_word_limit,
        },
    )
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.round_update(dialogue_round=dialogue_round, by=request.user, **data),
    ):
        messages.success(request, "The round has been changed.")
        return redirect("dialogue:round_detail", pk=dialogue_round.pk)
    return render(
        request,
        "dialogue/rounds/round_form.html",
        {"tender": tender, "form": form, "round": dialogue_round},
    )


@require_POST
@login_required
@departure.shows_departure
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue_round = _get_managed_round_for(request, pk)
    return run_and_redirect(
        request,
        lambda: services.round_open(dialogue_round=dialogue_round, by=request.user),
        success="The round is open. Invited bidders have been told.",
        to="dialogue:round_detail",
        pk=dialogue_round.pk,
    )


# --- The round page -------------------------------------------------------------------------
def _round_page(
    request: HttpRequest,
    dialogue_round: DialogueRound,
    *,
    slot_form: SlotForm | None = None,
    outline_form: OutlineForm | None = None,
    booking_form: SlotBookingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    tender = dialogue_round.tender
    context: dict[str, Any] = {"round": dialogue_round, "tender": tender}
    if selectors.is_council(user=request.user, tender=tender):
        context.update(
            view=selectors.round_for_buyer(dialogue_round),
            may_manage=permissions.can(request.user, "tender.manage", tender),
            slot_form=slot_form or SlotForm(prefix="slot"),
        )
        return render(request, "dialogue/rounds/round_detail_buyer.html", context, status=status)
    supplier = _bidder_for(request, dialogue_round)
    view = selectors.round_for_bidder(dialogue_round=dialogue_round, supplier=supplier)
    active = selectors.is_active_participant(tender=tender, supplier=supplier)
    outline = view.outline
    may_write = (
        active
        and dialogue_round.status == RoundStatus.OPEN
        and dialogue_round.outline_deadline > timezone.now()
        and (outline is None or outline.submitted_at is None)
    )
    context.update(
        supplier=supplier,
        view=view,
        active=active,
        may_book=active and dialogue_round.status == RoundStatus.OPEN,
        may_write=may_write,
        booking_form=booking_form
        or SlotBookingForm(prefix="booking", slots=dialogue_round.slots.all()),
        outline_form=outline_form
        or OutlineForm(prefix="outline", initial={"text": outline.text if outline else ""}),
    )
    return render(request, "dialogue/rounds/round_detail_bidder.html", context, status=status)


@require_GET
@login_required
@departure.shows_departure
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_page(request, _get_round_for(request, pk))


@require_POST
@login_required
@departure.shows_departure
def round_slot_add(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue_round = _get_managed_round_for(request, pk)
    form = SlotForm(request.POST, prefix="slot")
    if submit_form(
        form, lambda data: services.slot_add(dialogue_round=dialogue_round, by=request.user, **data)
    ):
        messages.success(request, "Meeting slot added.")
        return redirect("dialogue:round_detail", pk=dialogue_round.pk)
    return _round_page(request, dialogue_round, slot_form=form)


@require_POST
@login_required
@departure.shows_departure
def round_slot_book(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue_round = _get_round_for(request, pk)
    supplier = _bidder_for(request, dialogue_round)
    form = SlotBookingForm(request.POST, prefix="booking", slots=dialogue_round.slots.all())
    if form.is_valid():
        try:
            slot = services.slot_book(
                slot=form.cleaned_data["slot"], supplier=supplier, by=request.user
            )
        except DomainError as error:
            form.add_error("slot", str(error))
        else:
            messages.success(
                request, f"Your meeting is booked: {form.fields['slot'].label_from_instance(slot)}."
            )
            return redirect("dialogue:round_detail", pk=dialogue_round.pk)
    return _round_page(request, dialogue_round, booking_form=form)


@require_POST
@login_required
@departure.shows_departure
def round_slot_cancel(request: HttpRequest, pk: int, slot_pk: int) -> HttpResponse:
    dialogue_round = _get_round_for(request, pk)
    supplier = _bidder_for(request, dialogue_round)
    slot = MeetingSlot.objects.filter(round=dialogue_round, pk=slot_pk).first()
    if slot is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: services.slot_cancel(slot=slot, supplier=supplier, by=request.user),
        success="Your meeting is cancelled. You can book another time.",
        to="dialogue:round_detail",
        pk=dialogue_round.pk,
    )


@require_POST
@login_required
@departure.shows_departure
def round_outline(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue_round = _get_round_for(request, pk)
    supplier = _bidder_for(request, dialogue_round)
    form = OutlineForm(request.POST, request.FILES, prefix="outline")
    if form.is_valid():
        submitting = request.POST.get("action") == "submit"
        service = services.outline_submit if submitting else services.outline_save
        try:
            service(
                dialogue_round=dialogue_round,
                supplier=supplier,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["upload"],
                by=request.user,
            )
        except UploadRejected as error:
            form.add_error("upload", str(error))
        except DomainError as error:
            form.add_error("text", str(error))
        else:
            messages.success(
                request,
                "Your outline has been submitted. The buyer can now read it."
                if submitting
                else "Your draft has been saved. The buyer cannot read it until you submit it.",
            )
            return redirect("dialogue:round_detail", pk=dialogue_round.pk)
    return _round_page(request, dialogue_round, outline_form=form)


@require_GET
@login_required
@departure.shows_departure
def round_outline_file(request: HttpRequest, pk: int, supplier_pk: int) -> FileResponse:
    """An outline's attachment: the bidder's own, or a submitted one for the buyer's staff."""
    dialogue_round = _get_round_for(request, pk)
    outline = (
        dialogue_round.outlines.filter(supplier_id=supplier_pk)
        .select_related("round__tender")
        .first()
    )
    if (
        outline is None
        or not outline.attachment
        or not permissions.can(request.user, "outline.read", outline)
    ):
        raise Http404
    return private_file_response(outline.attachment, filename=outline.attachment_name or "outline")


# --- The buyer's view of one bidder: outline and private feedback ------------------------------
@require_http_methods(["GET", "POST"])
@login_required
@departure.shows_departure
def round_bidder(request: HttpRequest, pk: int, supplier_pk: int) -> HttpResponse:
    dialogue_round = _get_round_for(request, pk)
    tender = dialogue_round.tender
    if not permissions.buyer_role(
        request.user, tender.organisation_id, *permissions.BUYER_STAFF_ROLES
    ):
        raise Http404
    supplier = selectors.invited_supplier(dialogue_round=dialogue_round, supplier_pk=supplier_pk)
    if supplier is None:
        raise Http404
    feedback = dialogue_round.feedback.filter(supplier=supplier).first()
    form = FeedbackForm(request.POST or None, initial={"body": feedback.body if feedback else ""})
    if request.method == "POST":
        if not permissions.can(request.user, "tender.manage", tender):
            raise Http404
        if submit_form(
            form,
            lambda data: services.feedback_write(
                dialogue_round=dialogue_round,
                supplier=supplier,
                body=data["body"],
                by=request.user,
            ),
        ):
            messages.success(request, f"Feedback to {supplier} saved.")
            return redirect("dialogue:round_detail", pk=dialogue_round.pk)
    context = {
        "round": dialogue_round,
        "tender": tender,
        "supplier": supplier,
        "outline": selectors.submitted_outline(
            dialogue_round=dialogue_round, supplier_pk=supplier.pk
        ),
        "feedback": feedback,
        "form": form,
        "may_write": permissions.can(request.user, "tender.manage", tender)
        and dialogue_round.status == RoundStatus.OPEN,
    }
    return render(request, "dialogue/rounds/round_bidder.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@departure.shows_departure
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue_round = _get_managed_round_for(request, pk)
    # A late POST still reaches the service, which says why it is refused, and the form
    # comes back with what was typed.
    if dialogue_round.status != RoundStatus.OPEN and request.method == "GET":
        messages.error(request, "Only an open round can be closed.")
        return redirect("dialogue:round_detail", pk=dialogue_round.pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closed = services.round_close(
                dialogue_round=dialogue_round,
                summary=form.cleaned_data["summary"],
                issue_version=form.cleaned_data["issue_version"],
                change_note=form.cleaned_data["change_note"] or "",
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            issued = (
                f" Version {closed.issued_version.number} of the specification is issued."
                if closed.issued_version
                else ""
            )
            messages.success(
                request, f"Round {closed.number} is closed. The bidders have been told.{issued}"
            )
            return redirect("dialogue:round_detail", pk=dialogue_round.pk)
    context = {
        "round": dialogue_round,
        "tender": dialogue_round.tender,
        "form": form,
        "without_feedback": [
            row.supplier
            for row in selectors.round_for_buyer(dialogue_round).bidders
            if row.active and row.feedback is None
        ],
    }
    return render(request, "dialogue/rounds/round_close.html", context)
