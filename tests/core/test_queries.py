"""core.queries.read_as_empty and read_as: a related set read already (or known to be
empty) answers with no query."""

from __future__ import annotations

import pytest

from core.queries import read_as, read_as_empty
from tests.procurement.factories import TenderFactory, TenderQuestionFactory

pytestmark = pytest.mark.django_db


def test_a_set_read_as_empty_answers_without_a_query(django_assert_num_queries):
    tender = TenderFactory()
    read_as_empty(tender, "lots")
    with django_assert_num_queries(0):
        assert list(tender.lots.all()) == []
        assert tender.lots.count() == 0
        assert not tender.lots.exists()


def test_rows_read_as_a_set_answer_without_a_query_and_point_back(django_assert_num_queries):
    tender = TenderFactory()
    questions = [TenderQuestionFactory(tender=tender), TenderQuestionFactory(tender=tender)]
    read = type(tender).objects.get(pk=tender.pk)
    rows = [type(question).objects.get(pk=question.pk) for question in questions]
    read_as(read, "questions", rows)
    with django_assert_num_queries(0):
        assert list(read.questions.all()) == rows
        assert read.questions.count() == 2
        assert all(row.tender is read for row in read.questions.all())
    # Anything else asked of the set is still the tender's own query.
    assert read.questions.filter(pk=questions[1].pk).get() == questions[1]
