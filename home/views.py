"""The home page, each person's dashboard and the portfolio of missions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts import permissions
from commissioning import breadcrumbs
from home.dashboard import dashboard_for
from home.missions import portfolio, portfolio_chart


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home:dashboard")
    return render(request, "home/home.html")


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "home/dashboard.html", dashboard_for(request.user, request.organisation))


@require_GET
@login_required
def mission_portfolio(request: HttpRequest) -> HttpResponse:
    """Every mission of the council side by side, with its headline figures."""
    organisation = request.organisation
    if not organisation or not permissions.can(request.user, "commissioning.view", organisation):
        raise Http404
    rows = portfolio(organisation)
    context = {
        "organisation": organisation,
        "rows": rows,
        "chart": portfolio_chart(rows),
        "breadcrumbs": breadcrumbs.missions(),
    }
    return render(request, "home/mission_portfolio.html", context)
