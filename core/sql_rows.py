"""Model instances from rows read with SQL written by hand, for a hot page whose query costs
more to build with the ORM than to run (building a wide select_related query and its
prefetches compiles every column, join and condition again on each request).

`ModelColumns(Tender, "t")` names a model's columns under a table alias for the SELECT
list, once per process, and makes an instance from its part of a row, with each value
converted as the ORM converts it, so the instance is the one a queryset would have read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model


class ModelColumns:
    """Every concrete column of `model` under the table alias `alias`."""

    def __init__(self, model: type[Model], alias: str) -> None:
        self.model = model
        self.alias = alias
        self.fields = model._meta.concrete_fields
        self.attnames = tuple(field.attname for field in self.fields)
        self.width = len(self.fields)
        self.pk_index = self.fields.index(model._meta.pk)

    @cached_property
    def sql(self) -> str:
        """The SELECT list of these columns, in the order `read` expects them."""
        return ", ".join(f'{self.alias}."{field.column}"' for field in self.fields)

    @cached_property
    def _converters(self) -> list[tuple[int, list[Callable[..., Any]], Any]]:
        # What the ORM's compiler applies to each column: the backend's converters, then
        # the field's own (a JSON field's parsing, for one). They keep no state of their
        # own: `read` hands each the connection of the thread reading.
        connection = connections[DEFAULT_DB_ALIAS]
        found = []
        for index, field in enumerate(self.fields):
            column = field.get_col(self.alias)
            converters = connection.ops.get_db_converters(column) + column.get_db_converters(
                connection
            )
            if converters:
                found.append((index, converters, column))
        return found

    @cached_property
    def order_sql(self) -> str:
        """The model's default ordering (Meta.ordering, field names only) as ORDER BY terms,
        so hand-written SQL keeps the order a queryset would give."""
        terms = []
        for name in self.model._meta.ordering:
            descending = name.startswith("-")
            name = name.removeprefix("-")
            field = self.model._meta.pk if name == "pk" else self.model._meta.get_field(name)
            terms.append(f'{self.alias}."{field.column}"{" DESC" if descending else ""}')
        return ", ".join(terms)

    def read(self, row: Sequence[Any], start: int) -> Model | None:
        """The instance in row[start:start + width], or None where a LEFT JOIN found none."""
        values = list(row[start : start + self.width])
        if values[self.pk_index] is None:
            return None
        connection = connections[DEFAULT_DB_ALIAS]
        for index, converters, column in self._converters:
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        return self.model.from_db(DEFAULT_DB_ALIAS, self.attnames, values)


def cache_related(instance: Model, name: str, related: Model | None) -> None:
    """Leave `instance.<name>` (a foreign key) reading `related` with no query, as
    select_related does."""
    type(instance)._meta.get_field(name).set_cached_value(instance, related)
