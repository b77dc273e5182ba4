"""Bare views: each page's one essential query (25 rows of what the page lists, for the
same organisation and record), rendered by a trivial template through the same middleware.
A page's requests per second divided by its bare view's is how close the page comes to
the least a request for that data can cost here."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines
from django.utils import timezone

from commissioning.models import Commission
from contracts.models import CheckIn, Contract
from dialogue.models import OpportunityIndex
from procurement.models import Bid, Score, Tender

TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><title>Bare</title><ul>"
    "{% for row in rows %}<li>{{ row }}</li>{% endfor %}</ul></html>"
)


def _opportunities(record: int) -> QuerySet:
    # The page's own list: open rows whose deadline is still ahead, soonest first.
    return OpportunityIndex.objects.filter(
        status="published", submission_deadline__gt=timezone.now()
    ).order_by("submission_deadline")


def _tender(record: int) -> QuerySet:
    return Bid.objects.filter(tender_id=record).select_related("supplier").order_by("pk")


def _dashboard(record: int) -> QuerySet:
    return Tender.objects.filter(organisation_id=record).order_by("-updated_at")


def _mission(record: int) -> QuerySet:
    return Commission.objects.filter(missions=record).order_by("-pk")


def _register(record: int) -> QuerySet:
    return Contract.objects.filter(organisation_id=record).order_by("title", "pk")


def _contract(record: int) -> QuerySet:
    return CheckIn.objects.filter(contract_id=record).order_by("-held_on")


def _moderation(record: int) -> QuerySet:
    # One question's scores, bid by bid (the page shows a page of bids with theirs); each
    # row's name reads its bid's supplier and tender and its question, so they are joined.
    return (
        Score.objects.filter(question_id=record)
        .select_related("bid__supplier", "bid__tender", "question")
        .order_by("bid_id")
    )


QUERIES: dict[str, Callable[[int], QuerySet]] = {
    "opportunities": _opportunities,
    "tender": _tender,
    "dashboard": _dashboard,
    "mission": _mission,
    "register": _register,
    "contract": _contract,
    "moderation": _moderation,
}


def bare(request: HttpRequest, kind: str, record: int) -> HttpResponse:
    if kind not in QUERIES:
        raise Http404
    request.user.is_authenticated  # noqa: B018  (loads the session and person, as pages do)
    rows = list(QUERIES[kind](record)[:25])
    return HttpResponse(TEMPLATE.render({"rows": rows}, request))
