"""Public pages for suppliers and citizens: open opportunities."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dialogue import selectors
from procurement.paging import page_of


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:200]
    page = page_of(request, selectors.opportunities_open(now=timezone.now(), search=search))
    return render(request, "dialogue/opportunity_list.html", {"page": page, "search": search})
