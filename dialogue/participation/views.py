"""Pages for taking part in a tender: joining, withdrawing, the private message thread,
the specification changes since a supplier last read it, and market-shaping insight.

A supplier sees only its own participation; another supplier gets 404 and never the text.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from commissioning.models import Mission
from commissioning.specifications.selectors import version_sections
from core.errors import DomainError
from core.formatting import uk_datetime
from core.forms import submit_form
from dialogue import departure
from dialogue.participation import insight, selectors, services
from dialogue.participation.forms import MessageForm, TakePartForm, WithdrawalForm
from procurement import services as procurement_services
from procurement.conditions import has_conditions
from procurement.models import Tender, TenderParticipant, WithdrawalReason


# --- Access --------------------------------------------------------------------------------
def _get_tender_for(request: HttpRequest, pk: int) -> Tender:
    """A tender the person may see: any published tender, or a draft of their own buyer."""
    tender = selectors.tender_get(pk)
    if tender is None or not permissions.can(request.user, "tender.view", tender):
        raise Http404
    return tender


def _participant_of(request: HttpRequest, tender: Tender) -> TenderParticipant | None:
    if not request.user.is_authenticated:
        return None
    participant = selectors.participant_of_request(
        tender=tender, user=request.user, organisation=getattr(request, "organisation", None)
    )
    if participant is None or not permissions.can(request.user, "participation.read", participant):
        return None
    return participant


def _get_participant_for(request: HttpRequest, tender: Tender) -> TenderParticipant:
    participant = _participant_of(request, tender)
    if participant is None:
        raise Http404
    return participant


def _is_buyer_staff(request: HttpRequest, tender: Tender) -> bool:
    # The buyer's side of participation.read: the buyer's staff, who keep the audit trail
    # that messages are part of.
    return permissions.can(request.user, "audit.view", tender)


# --- Taking part -----------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def participant_join(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_tender_for(request, pk)
    suppliers = selectors.suppliers_to_join_as(tender=tender, user=request.user)
    if not suppliers:
        raise Http404
    participant = _participant_of(request, tender)
    form = TakePartForm(request.POST if request.method == "POST" else None, suppliers=suppliers)
    if request.method == "POST" and form.is_valid():
        supplier = form.cleaned_data["supplier"]
        try:
            procurement_services.participant_join(tender=tender, supplier=supplier, by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if has_conditions(tender):
                messages.success(
                    request,
                    f"{supplier} is taking part in {tender.title}. Now answer the conditions"
                    " of participation: the buyer checks them before you can bid.",
                )
                return redirect("procurement:conditions_answer", pk=tender.pk)
            messages.success(
                request,
                f"{supplier} is taking part in {tender.title}. We will tell you about"
                " published answers and new versions of the specification.",
            )
            return redirect("dialogue:specification_changes", pk=tender.pk)
    context = {
        "tender": tender,
        "form": form,
        "participant": participant,
        "may_join": tender.status in procurement_services.JOINABLE_STATUSES,
    }
    return render(request, "dialogue/participation/take_part.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def participant_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_tender_for(request, pk)
    participant = _get_participant_for(request, tender)
    may_withdraw = (
        participant.is_active
        and not tender.is_finished
        and permissions.can(request.user, "participation.act", participant)
    )
    form = WithdrawalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_withdraw:
            raise Http404
        if submit_form(
            form,
            lambda data: procurement_services.participant_withdraw(
                participant=participant,
                reason=data["reason"],
                detail=data["detail"],
                by=request.user,
            ),
        ):
            messages.success(request, f"{participant.supplier} has withdrawn from {tender.title}.")
            return redirect("dialogue:participant_withdraw", pk=tender.pk)
    context = {
        "tender": tender,
        "participant": participant,
        "form": form,
        "may_withdraw": may_withdraw,
        "withdrawn_on": uk_datetime(participant.withdrawn_at) if participant.withdrawn_at else "",
        "reason_label": WithdrawalReason(participant.withdrawal_reason).label
        if participant.withdrawal_reason
        else "",
    }
    return render(request, "dialogue/participation/withdraw.html", context)


# --- Messages ----------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
@departure.shows_departure
def participant_messages(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer sees every participant's thread; a supplier sees its own."""
    tender = _get_tender_for(request, pk)
    if _is_buyer_staff(request, tender):
        if request.method == "POST":
            raise Http404
        threads = list(selectors.threads_for_buyer(tender))
        return render(
            request,
            "dialogue/participation/thread_list.html",
            {"tender": tender, "threads": threads},
        )
    participant = _get_participant_for(request, tender)
    if participant.was_removed:
        departure.check(request, tender)
    return _thread(request, tender, participant, buyer_view=False)


@require_http_methods(["GET", "POST"])
@login_required
def participant_thread(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """One participant's thread, as the buyer sees it."""
    tender = _get_tender_for(request, pk)
    if not _is_buyer_staff(request, tender):
        raise Http404
    participant = selectors.thread_participant_get(tender=tender, pk=participant_pk)
    if participant is None or not permissions.can(request.user, "participation.read", participant):
        raise Http404
    return _thread(request, tender, participant, buyer_view=True)


def _thread(
    request: HttpRequest, tender: Tender, participant: TenderParticipant, *, buyer_view: bool
) -> HttpResponse:
    if buyer_view:
        may_send = permissions.can(request.user, "tender.manage", tender)
    else:
        may_send = participant.is_active and permissions.can(
            request.user, "participation.act", participant
        )
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_send:
            raise Http404
        if submit_form(
            form,
            lambda data: services.message_send(
                participant=participant, body=data["body"], by=request.user
            ),
        ):
            messages.success(request, "Message sent.")
            if buyer_view:
                return redirect(
                    "dialogue:participant_thread", pk=tender.pk, participant_pk=participant.pk
                )
            return redirect("dialogue:participant_messages", pk=tender.pk)
    context = {
        "tender": tender,
        "participant": participant,
        "thread": selectors.thread_messages(participant),
        "form": form,
        "may_send": may_send,
        "buyer_view": buyer_view,
    }
    return render(request, "dialogue/participation/thread.html", context)


# --- Specification changes -----------------------------------------------------------------
@require_GET
def specification_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Participants: the changes since the version they last read. The council: every
    version. Anyone else, for a public tender: the current version."""
    tender = selectors.tender_get(pk)
    if tender is None:
        raise Http404
    is_council = permissions.can(request.user, "commissioning.view", tender)
    participant = None if is_council else _participant_of(request, tender)
    if not is_council and participant is None and not tender.is_public:
        raise Http404
    current = tender.specification_version
    context = {
        "tender": tender,
        "current": current,
        "sections": version_sections(current),
        "participant": participant,
        "is_council": is_council,
        "versions": selectors.versions_of(tender) if is_council else [],
        "changes": selectors.specification_changes(tender=tender, participant=participant)
        if participant is not None
        else None,
        "may_mark_read": participant is not None
        and permissions.can(request.user, "participation.act", participant),
    }
    return render(request, "dialogue/participation/specification.html", context)


@require_POST
@login_required
def participant_version_seen(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_tender_for(request, pk)
    participant = _get_participant_for(request, tender)
    if not permissions.can(request.user, "participation.act", participant):
        raise Http404
    services.participant_version_seen(participant=participant, by=request.user)
    messages.success(
        request, f"You have marked version {tender.specification_version.number} as read."
    )
    return redirect("dialogue:specification_changes", pk=tender.pk)


# --- Market-shaping insight ------------------------------------------------------------------
@require_GET
@login_required
def market_shaping_tender(request: HttpRequest, pk: int) -> HttpResponse:
    tender = selectors.tender_get(pk)
    if tender is None or not permissions.can(request.user, "commissioning.view", tender):
        raise Http404
    context = {
        "tender": tender,
        "insight": _insight_context(insight.tender_insight(tender)),
    }
    return render(request, "dialogue/participation/market_shaping_tender.html", context)


@require_GET
@login_required
def market_shaping_mission(request: HttpRequest, pk: int) -> HttpResponse:
    mission = get_object_or_404(Mission.objects.select_related("organisation"), pk=pk)
    if not permissions.can(request.user, "commissioning.view", mission):
        raise Http404
    context = {
        "mission": mission,
        "tenders": insight.mission_tenders(mission),
        "insight": _insight_context(insight.mission_insight(mission)),
    }
    return render(request, "dialogue/participation/market_shaping_mission.html", context)


def _insight_context(result: insight.Insight) -> dict:
    """The insight with each withdrawal's labels ready for the table."""
    return {
        "summary": result,
        "withdrawals": [
            {
                "participant": participant,
                "type_label": insight.TYPE_LABELS.get(
                    participant.supplier.supplier_type, "Type not given"
                ),
                "stage_label": insight.stage_label(participant.stage),
                "reason_label": insight.REASON_LABELS.get(participant.withdrawal_reason, ""),
            }
            for participant in result.withdrawals
        ],
    }
