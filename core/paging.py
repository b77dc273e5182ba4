"""Every list page is paginated the same way: 25 to a page unless a page says otherwise,
the page number from `?page=`, and components/_pagination.html drawing the links."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Func, IntegerField, QuerySet, Subquery, Value
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


def page_counted_with(request: HttpRequest, items: QuerySet, per_page: int = PER_PAGE) -> Page:
    """As page_of, for a queryset whose rows are counted in the query that reads the
    page's rows (a subquery PostgreSQL runs once), not in a query of its own. A number out
    of range (a stale link) is counted apart and gives the nearest page, as page_of does."""
    number = request.GET.get("page")
    try:
        number = int(number or 1)
    except ValueError:
        number = 1
    if number >= 1:
        counted = items.order_by().annotate(counted=Func(Value(1), function="COUNT"))
        total = Subquery(counted.values("counted")[:1], output_field=IntegerField())
        offset = (number - 1) * per_page
        rows = list(items.annotate(page_total=total)[offset : offset + per_page])
        if rows or number == 1:
            paginator = Paginator(items, per_page)
            paginator.count = rows[0].page_total if rows else 0
            return Page(rows, number, paginator)
    return page_of(request, items, per_page)
