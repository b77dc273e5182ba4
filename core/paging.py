"""Every list page is paginated the same way: 25 to a page unless a page says otherwise,
the page number from `?page=`, and components/_pagination.html drawing the links."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 25


def page_of(
    request: HttpRequest,
    items: Any,
    per_page: int = PER_PAGE,
    *,
    paginator_class: type[Paginator] = Paginator,
) -> Page:
    """The requested page; a number out of range gives the nearest page, not an error."""
    return paginator_class(items, per_page).get_page(request.GET.get("page"))
