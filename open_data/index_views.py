"""The open data page: what Kindred publishes, under which licence, how often, and where."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from open_data.downloads import DOWNLOADS

PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def rate_in_words(rate: str) -> str:
    """A throttle rate as people say it: "60/minute" is "60 requests a minute"."""
    count, period = rate.split("/")
    return f"{count} requests a {PERIODS[period[0]]}"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    return render(
        request,
        "open_data/index.html",
        {
            "downloads": DOWNLOADS,
            "site_url": settings.SITE_URL,
            "anonymous_rate": rate_in_words(rates["anonymous"]),
            "token_rate": rate_in_words(rates["token"]),
        },
    )
