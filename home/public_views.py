"""Public pages about what councils bought and what it achieved; no sign-in needed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.breadcrumbs import Crumb
from core.paging import page_of
from home import public


def _crumbs(*items: tuple[str, str]) -> list[Crumb]:
    return [Crumb("What councils bought", reverse("home:public_index"))] + [
        Crumb(text, href) for text, href in items
    ]


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    """Every council, linking to its missions."""
    return render(request, "home/public/index.html", {"councils": public.public_councils()})


@require_GET
def public_council(request: HttpRequest, slug: str) -> HttpResponse:
    council = public.public_council(slug)
    if council is None:
        raise Http404
    context = {"view": public.public_council_page(council), "breadcrumbs": _crumbs()}
    return render(request, "home/public/council.html", context)


@require_GET
def public_mission(request: HttpRequest, pk: int) -> HttpResponse:
    mission = public.public_mission(pk)
    if mission is None:
        raise Http404
    page = page_of(request, public.public_contracts(mission))
    council = mission.organisation
    context = {
        "view": public.public_mission_page(mission, contracts=page),
        "breadcrumbs": _crumbs((council.name, reverse("home:public_council", args=[council.slug]))),
    }
    return render(request, "home/public/mission.html", context)


@require_GET
def public_contract(request: HttpRequest, pk: int) -> HttpResponse:
    contract = public.public_contract(pk)
    if contract is None:
        raise Http404
    council = contract.organisation
    context = {
        "view": public.public_contract_page(contract),
        "breadcrumbs": _crumbs((council.name, reverse("home:public_council", args=[council.slug]))),
    }
    return render(request, "home/public/contract.html", context)
