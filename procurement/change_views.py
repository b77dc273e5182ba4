"""The page for changing a published tender."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.plain_language.analysis import analyse, glossary_for
from core.forms import submit_form
from procurement import changes
from procurement.change_forms import TenderChangeForm
from procurement.views import _get_managed_tender_for


@require_http_methods(["GET", "POST"])
@login_required
def tender_change(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _get_managed_tender_for(request, pk)
    # A late POST still reaches the service, which says why it is refused, and the form
    # comes back with what was typed.
    if tender.status not in changes.CHANGEABLE_STATUSES and request.method == "GET":
        messages.error(request, "You can change a tender only while it is open to suppliers.")
        return redirect("procurement:tender_detail", pk=tender.pk)
    form = TenderChangeForm(
        request.POST if request.method == "POST" else None,
        tender=tender,
        versions=changes.later_versions_for(tender),
    )
    if request.method == "POST" and submit_form(
        form,
        lambda data: changes.tender_change_make(
            tender=tender, by=request.user, **{"reopen": False, **data}
        ),
    ):
        messages.success(
            request, "The tender has been changed. Every supplier taking part has been told."
        )
        return redirect(reverse("procurement:tender_detail", args=[tender.pk]) + "#changes")
    context = {
        "tender": tender,
        "form": form,
        "minimum_deadline": changes.minimum_deadline(tender),
        "minimum_days": changes.MINIMUM_TENDERING_DAYS.get(tender.procedure, 0),
        "summary_check": analyse(
            form["summary"].value() or "", glossary_for(tender.organisation_id)
        ),
    }
    return render(request, "procurement/tender_change.html", context)
