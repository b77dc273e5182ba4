"""Query helpers shared by the selectors."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(related: QuerySet, *, to: str) -> Coalesce:
    """How many rows of `related` point at each outer row (through the field `to`), as a
    subquery per row: unlike annotate(Count(...)), which joins and groups every row of the
    list before a page is cut from it, PostgreSQL computes this only for the rows shown.

        contracts.annotate(open_actions=count_of(Action.objects.filter(done_at=None), to="contract"))
    """
    counted = (
        related.filter(**{to: OuterRef("pk")})
        .order_by()
        .values(to)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
