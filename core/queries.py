"""Query helpers shared by the selectors."""

from __future__ import annotations

from django.db.models import Count, IntegerField, Model, OuterRef, QuerySet, Subquery, Value
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


def read_as(instance: Model, related: str, rows: list[Model]) -> None:
    """Leave `instance.<related>.all()` (a reverse foreign key) reading `rows` with no
    query, each row pointing back at `instance`, as prefetch_related leaves them: for a
    caller that read the rows itself (`core.sql_rows`). Anything asked of it beyond all(),
    count() and exists() (a filter, say) is the related manager's own query."""
    manager = getattr(instance, related)
    for row in rows:
        manager.field.set_cached_value(row, instance)
    kept = manager.get_queryset()
    kept._result_cache = rows
    kept._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[related] = kept


def read_as_empty(instance: Model, related: str) -> None:
    """Leave `instance.<related>.all()` (a reverse foreign key) reading as empty with no
    query, as prefetch_related does when it finds no rows: for a caller that already knows
    there are none. Prefetching `objects.none()` instead builds the whole query, its
    columns, joins and order, before finding it need not run."""
    empty = getattr(instance, related).model.objects.none()
    empty._result_cache = []  # what prefetch_related stores, read by all(), count(), exists()
    empty._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[related] = empty
