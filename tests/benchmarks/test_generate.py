"""The benchmark data generator writes with foreign-key triggers off, so these tests check
what the database would have: every reference points at a row, sequences continue past the
generated ids, and the pages people use render from the generated data."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models
from psycopg import sql

from accounts.models import Organisation
from benchmarks import generate
from contracts.models import CheckIn, Contract
from procurement.models import Bid, Tender, TenderQuestion

pytestmark = pytest.mark.django_db(transaction=True)


def test_generated_estate(client) -> None:
    """One generation (it takes seconds), then every check of it."""
    generated = generate.write(tenders=300, seed=3)
    _every_reference_points_at_a_row(generated)
    _shape_follows_a_council_estate()
    _sequences_continue_after_the_generated_ids(generated)
    _pages_render_from_generated_data(client)


def _dangling(model: type[models.Model], field: models.ForeignKey) -> int:
    target = field.related_model
    query = sql.SQL(
        "SELECT COUNT(*) FROM {table} AS child LEFT JOIN {parent} AS p "
        "ON p.{target_column} = child.{column} "
        "WHERE child.{column} IS NOT NULL AND p.{target_column} IS NULL"
    ).format(
        table=sql.Identifier(model._meta.db_table),
        parent=sql.Identifier(target._meta.db_table),
        target_column=sql.Identifier(field.target_field.column),
        column=sql.Identifier(field.column),
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


def _every_reference_points_at_a_row(generated: dict[str, int]) -> None:
    assert generated["tender"] == 300
    assert generated["bid"] > 300
    assert generated["checkin"] > 1000
    checked = 0
    for model in apps.get_models(include_auto_created=True):
        if not model.objects.exists():
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey):
                assert _dangling(model, field) == 0, f"{model.__name__}.{field.name}"
                checked += 1
    assert checked > 40


def _shape_follows_a_council_estate() -> None:
    assert Organisation.objects.filter(kind="public_body").count() >= 2
    assert Tender.objects.filter(status="awarded", winning_bid__isnull=False).exists()
    # Only awarded tenders' winners hold contracts, each with the winning supplier.
    for contract in Contract.objects.select_related("tender__winning_bid")[:20]:
        assert contract.provider_id == contract.tender.winning_bid.supplier_id
    assert not Bid.objects.filter(tender__status="draft").exists()
    # Shared check-ins have both sides' stories; future ones are only scheduled.
    shared = CheckIn.objects.filter(status="published").first()
    assert shared.contributions.count() == 2
    assert shared.contributions.first().ratings.count() == 4
    # Every tender has its criteria, weights summing to 100 at each level, and three to
    # six questions, each scored under one of its own sub-criteria.
    tender = Tender.objects.order_by("?").first()
    top = tender.criteria.filter(parent__isnull=True)
    assert sorted(top.values_list("kind", flat=True)) == ["price", "quality", "social_value"]
    assert sum(criterion.weight for criterion in top) == 100
    for criterion in top.exclude(kind="price"):
        assert sum(child.weight for child in criterion.children.all()) == 100
    questions = list(tender.questions.select_related("criterion"))
    assert 3 <= len(questions) <= 6
    assert all(q.criterion.tender_id == tender.pk and q.criterion.parent_id for q in questions)
    assert TenderQuestion.objects.values("tender").distinct().count() == Tender.objects.count()


def _sequences_continue_after_the_generated_ids(generated: dict[str, int]) -> None:
    council = Organisation.objects.create(name="New council", slug="new", kind="public_body")
    assert council.pk > generated["org"]


def _pages_render_from_generated_data(client) -> None:
    from accounts.models import User

    client.force_login(User.objects.get(email="commissioner@council-0.example"))
    contract = Contract.objects.filter(organisation__slug="council-0").first()
    for url in (
        "/dashboard/",
        "/commissioning/missions/",
        "/opportunities/",
        f"/contracts/{contract.pk}/",
    ):
        assert client.get(url).status_code == 200, url
