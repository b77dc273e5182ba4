"""After the award: a bidder says how the process was, and the buyer reads the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from core.forms import submit_form
from procurement import bidder_feedback, selectors
from procurement.bidder_feedback_forms import BidderFeedbackForm
from procurement.models import Tender


def _tender(pk: int) -> Tender:
    tender = selectors.tender_get(pk)
    if tender is None:
        raise Http404
    return tender


@require_http_methods(["GET", "POST"])
@login_required
def bidder_feedback_give(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the people of a bidder that was asked about this tender see the form, once."""
    tender = _tender(pk)
    asked = bidder_feedback.pending_request(tender, request.organisation)
    if asked is None or not permissions.can(request.user, "bidder_feedback.give", asked):
        raise Http404
    form = BidderFeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and submit_form(
        form,
        lambda data: bidder_feedback.bidder_feedback_give(
            tender=tender, supplier=request.organisation, by=request.user, **data
        ),
    ):
        messages.success(request, "Thank you. Your answer is saved, without your name.")
        return redirect("procurement:tender_detail", pk=tender.pk)
    context = {
        "tender": tender,
        "form": form,
        "min_responses": bidder_feedback.MIN_RESPONSES,
        "breadcrumbs": [
            ("Your bids", reverse("procurement:my_bids")),
            (tender.title, reverse("procurement:tender_detail", args=[tender.pk])),
        ],
    }
    return render(request, "procurement/bidder_feedback_give.html", context)


@require_GET
@login_required
def bidder_feedback_results(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _tender(pk)
    if not permissions.can(request.user, "bidder_feedback.view", tender):
        raise Http404
    context = {
        "tender": tender,
        "summary": bidder_feedback.tender_feedback(tender),
        "breadcrumbs": [
            ("Tenders", reverse("procurement:tender_list")),
            (tender.title, reverse("procurement:tender_detail", args=[tender.pk])),
        ],
    }
    return render(request, "procurement/bidder_feedback_results.html", context)
