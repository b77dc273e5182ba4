"""Pagination for search results whose count stops at a cap.

An exact count of every match grows with the number of tenders; nobody reads past the
fortieth page, so the count stops at RESULTS_CAP and the page says "more than".
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.functional import cached_property

from core.paging import PER_PAGE, page_of

RESULTS_CAP = 1000


class CappedPaginator(Paginator):
    more_than_cap = False

    @cached_property
    def count(self) -> int:
        # Unordered, so a ranked search counts without ranking every match first.
        found = self.object_list.order_by()[: RESULTS_CAP + 1].count()
        self.more_than_cap = found > RESULTS_CAP
        return min(found, RESULTS_CAP)


def capped_page_of(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page:
    """The requested page of search results, in the shape core.paging.page_of gives."""
    return page_of(request, items, per_page, paginator_class=CappedPaginator)
