"""Every list page is paginated the same way: 25 to a page unless a page says otherwise,
the page number from `?page=`, and components/_pagination.html drawing the links."""

from __future__ import annotations

from collections.abc import Callable
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


def page_read_counted(
    request: HttpRequest,
    read: Callable[[int, int], tuple[list[Any], int]],
    per_page: int = PER_PAGE,
) -> Page:
    """As page_of, for rows read by `read(offset, limit)`, which gives them with how many
    there are in all, counted in the query that reads them (0 when it found no row). A
    number out of range (a stale link) gives the nearest page, as page_of does: the last
    one, once a row read alone has said how many there are."""
    number = request.GET.get("page")
    try:
        number = int(number or 1)
    except ValueError:
        number = 1
    if number >= 1:
        rows, total = read((number - 1) * per_page, per_page)
        if rows or number == 1:
            return _page(rows, number, total, per_page)
    _, total = read(0, 1)
    last = max(1, -(-total // per_page))
    rows, total = read((last - 1) * per_page, per_page)
    return _page(rows, last, total, per_page)


def _page(rows: list[Any], number: int, total: int, per_page: int) -> Page:
    paginator = Paginator([], per_page)
    paginator.count = total
    return Page(rows, number, paginator)
