"""List pages show 25 to a page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 25


def page_of(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page:
    """The requested page; components/_pagination.html draws its links."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
