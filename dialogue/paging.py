"""Pagination for search results whose count stops at a cap.

An exact count of every match grows with the number of tenders; nobody reads past the
fortieth page, so the count stops at RESULTS_CAP and the page says "more than".
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.functional import cached_property

from procurement.paging import PER_PAGE

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
    """The requested page of search results, in the shape procurement.paging.page_of gives."""
    return CappedPaginator(items, per_page).get_page(request.GET.get("page"))
