"""The test databases are built from the models, not by the migrations (`--no-migrations`
in pyproject.toml); tests/conftest.py loads what the migrations' data steps add. A new
data step must be covered there, or shown to change nothing in an empty database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import migrations
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

from commissioning.models import GlossaryTerm
from learning.models import LessonIndexState
from social_value.models import Measure

# Every RunPython or RunSQL step in Kindred's migrations, and how the test database gets
# what it does.
DATA_STEPS = {
    "commissioning.0003_starter_glossary": "loaded by tests/conftest.py",
    "social_value.0002_load_kindred_measures": "loaded by tests/conftest.py",
    "learning.0002_pgvector_where_available": "run by tests/conftest.py",
    "learning.0003_index_state": "loaded by tests/conftest.py",
    # These repair or move rows that exist already: nothing to do in an empty database.
    "contracts.0004_copy_checkins_into_contributions": "changes existing rows only",
    "contracts.0007_carry_commission_links_into_awarded_contracts": "changes existing rows only",
    "procurement.0007_tenderparticipant_from_dialogue": "renames existing content types only",
}


def _steps(operations: list[Any]) -> Iterator[Any]:
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from _steps(operation.database_operations)
        else:
            yield operation


def test_every_data_step_of_the_migrations_is_covered_in_the_test_database() -> None:
    kindred = {
        config.label for config in apps.get_app_configs() if "site-packages" not in config.path
    }
    # pytest-django turns the migration modules off for the session; read them from disk.
    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    found = {
        f"{app}.{name}"
        for (app, name), migration in loader.disk_migrations.items()
        if app in kindred
        and any(
            isinstance(step, migrations.RunPython | migrations.RunSQL)
            for step in _steps(migration.operations)
        )
    }
    assert found == set(DATA_STEPS), (
        "A migration's data step is not covered in the test database, which is built from "
        "the models: make tests/conftest.py `_load_what_migrations_load` do what it does, "
        "then list it in DATA_STEPS here. New: "
        f"{sorted(found - set(DATA_STEPS))}; gone: {sorted(set(DATA_STEPS) - found)}"
    )


@pytest.mark.django_db
def test_the_test_database_holds_what_the_migrations_load() -> None:
    assert GlossaryTerm.objects.filter(organisation=None).exists()
    assert Measure.objects.exists()
    assert LessonIndexState.objects.filter(pk=1).exists()
