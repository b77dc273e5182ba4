"""GOV.UK pagination for list pages: 25 to a page, other query parameters kept."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 25


def page_of(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page:
    """The requested page, with what the pagination include needs to draw its links."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=2))
    page.ellipsis = Paginator.ELLIPSIS
    others = request.GET.copy()
    others.pop("page", None)
    page.query_prefix = f"{others.urlencode()}&" if others else ""
    return page
