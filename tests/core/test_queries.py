"""core.queries.read_as_empty: a related set known to be empty reads as empty, no query."""

from __future__ import annotations

import pytest

from core.queries import read_as_empty
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.django_db


def test_a_set_read_as_empty_answers_without_a_query(django_assert_num_queries):
    tender = TenderFactory()
    read_as_empty(tender, "lots")
    with django_assert_num_queries(0):
        assert list(tender.lots.all()) == []
        assert tender.lots.count() == 0
        assert not tender.lots.exists()
