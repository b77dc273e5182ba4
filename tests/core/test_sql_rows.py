"""core.sql_rows: instances read with hand-written SQL are those a queryset reads, values
converted the same way; a LEFT JOIN that found nothing reads as None; the model's own
ordering is kept."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from core.sql_rows import ModelColumns
from procurement.models import Tender
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.django_db

TENDERS = ModelColumns(Tender, "t")


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_an_instance_read_from_sql_is_the_one_the_orm_reads():
    made = TenderFactory(score_descriptors=["Nothing", "Some"], estimated_value="99.50")
    (row,) = _rows(
        f"SELECT {TENDERS.sql} FROM procurement_tender t WHERE t.id = %s",  # noqa: S608 - names from the model
        [made.pk],
    )
    read = TENDERS.read(row, 0)
    orm = Tender.objects.get(pk=made.pk)
    for field in Tender._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(orm, field.attname), field.name
    assert read.score_descriptors == ["Nothing", "Some"]  # the JSON column, parsed
    assert not read._state.adding


def test_columns_read_from_further_along_a_row_and_none_where_a_join_found_nothing():
    made = TenderFactory()
    (row,) = _rows(
        f"SELECT 1, {TENDERS.sql} FROM (SELECT 1) one"  # noqa: S608 - names from the model
        f" LEFT JOIN procurement_tender t ON t.id = %s",
        [made.pk],
    )
    assert TENDERS.read(row, 1).pk == made.pk
    (row,) = _rows(
        f"SELECT 1, {TENDERS.sql} FROM (SELECT 1) one LEFT JOIN procurement_tender t ON false",  # noqa: S608
        [],
    )
    assert TENDERS.read(row, 1) is None


def test_the_order_is_the_models_own():
    assert TENDERS.order_sql == 't."submission_deadline" DESC, t."id" DESC'
    council = TenderFactory().organisation
    soon = timezone.now() + datetime.timedelta(days=2)
    for days in (5, 1, 9):
        TenderFactory(organisation=council, submission_deadline=soon + datetime.timedelta(days))
    rows = _rows(
        f"SELECT {TENDERS.sql} FROM procurement_tender t"  # noqa: S608 - names from the model
        f" WHERE t.organisation_id = %s ORDER BY {TENDERS.order_sql}",
        [council.pk],
    )
    assert [TENDERS.read(row, 0) for row in rows] == list(
        Tender.objects.filter(organisation=council)
    )
