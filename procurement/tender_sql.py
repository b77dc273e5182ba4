"""The tender page's reads, written as SQL: the tender with its buyer, the facts the page
needs about its other rows and, as asked, the buyer's panel or a bidder's own bid and taking
part; then its questions (each with its criterion) and its criteria.

Built with the ORM (select_related, FilteredRelation joins, two prefetches) these cost
about 2.5 ms a page in Python for 1 ms in PostgreSQL; written here once per process, they
read the same rows into the same instances (`core.sql_rows`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connection

from accounts.models import Organisation, User
from commissioning.models import Commission, SpecificationVersion
from core.queries import read_as
from core.sql_rows import ModelColumns, cache_related
from procurement.models import Bid, Criterion, Tender, TenderParticipant, TenderQuestion

_TENDER = ModelColumns(Tender, Tender._meta.db_table)
_BUYER = ModelColumns(Organisation, "buyer")
# What the buyer's panel shows beside the buyer: its commission, specification version and
# who opened the bids.
_PANEL = {
    "commission": ModelColumns(Commission, "commission"),
    "specification_version": ModelColumns(SpecificationVersion, "version"),
    "bids_opened_by": ModelColumns(User, "opener"),
}
_OWN_BID = ModelColumns(Bid, "own_bid")
_OWN_PARTICIPANT = ModelColumns(TenderParticipant, "own_participant")
_QUESTION = ModelColumns(TenderQuestion, "question")
_QUESTION_CRITERION = ModelColumns(Criterion, "question_criterion")
_CRITERION = ModelColumns(Criterion, "criterion")


@cache
def _tender_query(facts: tuple[tuple[str, str], ...], *, buyer_panel: bool, own: bool) -> str:
    """The tender's SELECT; its parameters are the facts', then the supplier's id twice
    when `own`, then the tender's id."""
    tender = _TENDER.alias
    columns = [_TENDER.sql, *(f'({sql}) AS "{name}"' for name, sql in facts), _BUYER.sql]
    joins = [
        f"INNER JOIN {Organisation._meta.db_table} {_BUYER.alias}"
        f" ON {_BUYER.alias}.id = {tender}.organisation_id"
    ]
    if buyer_panel:
        for name, panel in _PANEL.items():
            columns.append(panel.sql)
            key = Tender._meta.get_field(name).column
            joins.append(
                f"LEFT OUTER JOIN {panel.model._meta.db_table} {panel.alias}"
                f" ON {panel.alias}.id = {tender}.{key}"
            )
    if own:
        # At most one bid and one taking part per tender and supplier: no row is added.
        for own_row in (_OWN_BID, _OWN_PARTICIPANT):
            columns.append(own_row.sql)
            joins.append(
                f"LEFT OUTER JOIN {own_row.model._meta.db_table} {own_row.alias}"
                f" ON {own_row.alias}.tender_id = {tender}.id AND {own_row.alias}.supplier_id = %s"
            )
    return (
        f"SELECT {', '.join(columns)} FROM {tender} {' '.join(joins)}"  # noqa: S608 - names from the models
        f" WHERE {tender}.id = %s"
    )


def tender_row(
    pk: int,
    facts: dict[str, tuple[str, tuple[Any, ...]]],
    *,
    buyer_panel: bool,
    supplier: Organisation | None,
) -> tuple[Tender, Bid | None, TenderParticipant | None] | None:
    """The tender `pk` with its buyer, each of `facts` (name: (SQL, parameters)) as an
    attribute, the buyer's panel's rows if `buyer_panel`, and `supplier`'s own bid and
    taking part if a supplier is given (none of anyone else's); None if there is none."""
    sql = _tender_query(
        tuple((name, fact_sql) for name, (fact_sql, _) in facts.items()),
        buyer_panel=buyer_panel,
        own=supplier is not None,
    )
    params: list[Any] = [param for _, fact_params in facts.values() for param in fact_params]
    if supplier is not None:
        params += [supplier.pk, supplier.pk]
    params.append(pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    tender = _TENDER.read(row, 0)
    at = _TENDER.width
    for name in facts:
        setattr(tender, name, row[at])
        at += 1
    cache_related(tender, "organisation", _BUYER.read(row, at))
    at += _BUYER.width
    if buyer_panel:
        for name, panel in _PANEL.items():
            cache_related(tender, name, panel.read(row, at))
            at += panel.width
    bid = participant = None
    if supplier is not None:
        bid = _OWN_BID.read(row, at)
        participant = _OWN_PARTICIPANT.read(row, at + _OWN_BID.width)
        for own_row in (bid, participant):
            if own_row is not None:
                cache_related(own_row, "tender", tender)
                cache_related(own_row, "supplier", supplier)
    return tender, bid, participant


@cache
def _questions_query() -> str:
    question, criterion = _QUESTION.alias, _QUESTION_CRITERION.alias
    return (
        f"SELECT {_QUESTION.sql}, {_QUESTION_CRITERION.sql}"  # noqa: S608 - names from the models
        f" FROM {TenderQuestion._meta.db_table} {question}"
        f" LEFT OUTER JOIN {Criterion._meta.db_table} {criterion}"
        f" ON {criterion}.id = {question}.criterion_id"
        f" WHERE {question}.tender_id = %s ORDER BY {_QUESTION.order_sql}"
    )


@cache
def _criteria_query() -> str:
    return (
        f"SELECT {_CRITERION.sql} FROM {Criterion._meta.db_table} {_CRITERION.alias}"  # noqa: S608 - names from the models
        f" WHERE {_CRITERION.alias}.tender_id = %s ORDER BY {_CRITERION.order_sql}"
    )


def questions_with_criteria(tender: Tender) -> list[TenderQuestion]:
    """The tender's questions in their order, each with its criterion and the tender."""
    with connection.cursor() as cursor:
        cursor.execute(_questions_query(), [tender.pk])
        rows = cursor.fetchall()
    questions = []
    for row in rows:
        question = _QUESTION.read(row, 0)
        cache_related(question, "criterion", _QUESTION_CRITERION.read(row, _QUESTION.width))
        cache_related(question, "tender", tender)
        questions.append(question)
    return questions


def read_questions_and_criteria(tender: Tender) -> None:
    """Leave `tender.questions.all()` (each question with its criterion) and
    `tender.criteria.all()` reading their rows with no further query, as prefetching them
    would."""
    read_as(tender, "questions", questions_with_criteria(tender))
    with connection.cursor() as cursor:
        cursor.execute(_criteria_query(), [tender.pk])
        rows = cursor.fetchall()
    read_as(tender, "criteria", [_CRITERION.read(row, 0) for row in rows])
