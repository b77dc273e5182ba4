"""Public pages about Kindred's open social value measures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from social_value import selectors


@require_GET
def measure_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "social_value/measure_list.html", {"themes": selectors.measures_by_theme()}
    )
