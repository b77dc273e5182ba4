"""Contract award notice pages: the buyer's page that shows a notice before publishing it
(publishing starts the standstill), the public notice, and the list of notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from core.forms import submit_form
from core.paging import page_of
from procurement import award_notices
from procurement.evaluation_views import _get_lot_for
from procurement.forms import AwardNoticeForm
from procurement.models import Lot, Procedure, Tender
from procurement.views import _get_managed_tender_for


def _publish_page(request: HttpRequest, tender: Tender, lot: Lot | None, back: str) -> HttpResponse:
    draft = award_notices.award_notice_draft(tender=tender, lot=lot)
    form = AwardNoticeForm(request.POST or None, initial={"summary": draft.summary})
    if request.method == "POST" and submit_form(
        form,
        lambda data: award_notices.award_notice_publish(
            tender=tender, lot=lot, summary=data["summary"], by=request.user
        ),
    ):
        letters = (
            "" if draft.is_direct_award else " Each bidder is being sent their feedback letter."
        )
        messages.success(
            request, f"Contract award notice published. The standstill period has started.{letters}"
        )
        return redirect(back)
    return render(
        request,
        "procurement/award_notice_publish.html",
        {
            "tender": tender,
            "lot": lot,
            "draft": draft,
            "form": form,
            "back": back,
            "error_form": form if form.errors else None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def award_notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice of a tender without lots (or of a direct award) as it would be
    published; a POST publishes it, which starts the standstill."""
    tender = _get_managed_tender_for(request, pk)
    name = (
        "procurement:direct_award"
        if tender.procedure == Procedure.DIRECT_AWARD
        else "procurement:evaluation"
    )
    return _publish_page(request, tender, None, reverse(name, args=[tender.pk]))


@require_http_methods(["GET", "POST"])
@login_required
def lot_award_notice_publish(request: HttpRequest, pk: int, lot_pk: int) -> HttpResponse:
    """The same for one lot of a tender with lots."""
    lot = _get_lot_for(request, pk, lot_pk)
    back = reverse("procurement:lot_evaluation", args=[pk, lot.pk])
    return _publish_page(request, lot.tender, lot, back)


@require_GET
def award_notice(request: HttpRequest, notice_pk: int) -> HttpResponse:
    """A published contract award notice, for anyone: who wins, for how much, and when the
    contract may be signed."""
    notice = award_notices.award_notice_get(notice_pk)
    if notice is None or not permissions.can(request.user, "tender.view", notice.tender):
        raise Http404
    return render(
        request,
        "procurement/award_notice.html",
        {"view": award_notices.notice_view(notice), "notice": notice, "tender": notice.tender},
    )


@require_GET
def award_notice_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, award_notices.published_award_notices())
    return render(request, "procurement/award_notice_list.html", {"page": page})
