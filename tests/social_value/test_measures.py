import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from social_value.models import Measure, Theme

pytestmark = pytest.mark.django_db

migration = importlib.import_module("social_value.migrations.0002_load_kindred_measures")


@pytest.fixture(autouse=True)
def measures() -> None:
    # Tests that use a real transaction (browser journeys, the worker) empty every table
    # afterwards, migration data included, so load the measures again as the migration does.
    migration.load_measures(apps, None)


def test_migration_loads_measures_for_every_theme():
    loaded_themes = set(Measure.objects.values_list("theme", flat=True))
    assert loaded_themes == set(Theme.values)
    assert Measure.objects.count() == len(migration.MEASURES) >= 15


def test_every_measure_has_a_name_unit_and_plain_description():
    for measure in Measure.objects.all():
        assert measure.name and measure.unit
        assert len(measure.description.split()) >= 10


def test_loading_twice_changes_nothing_and_restores_edited_wording():
    Measure.objects.filter(code="volunteering-hours").update(name="Edited by hand")

    migration.load_measures(apps, None)
    migration.load_measures(apps, None)

    assert Measure.objects.count() == len(migration.MEASURES)
    assert Measure.objects.get(code="volunteering-hours").name == (
        "Volunteering time given to local groups"
    )


def test_reversing_removes_only_the_loaded_measures():
    Measure.objects.create(theme=Theme.CLIMATE, code="local-extra", name="Trees", unit="trees")

    migration.remove_measures(apps, None)

    assert list(Measure.objects.values_list("code", flat=True)) == ["local-extra"]


def test_measures_page_is_public_and_grouped_by_theme(client):
    response = client.get(reverse("social_value:measure_list"))

    assert response.status_code == 200
    html = response.content.decode()
    for theme in Theme:
        assert f'id="{theme.value}"' in html
    assert "Staff paid at least the real Living Wage" in html
    assert "tonnes CO2e" in html


def test_retired_measures_are_not_listed(client):
    Measure.objects.filter(code="volunteering-hours").update(is_active=False)
    response = client.get(reverse("social_value:measure_list"))
    assertNotContains(response, "Volunteering time given to local groups")


def test_measures_page_query_count_is_constant(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(reverse("social_value:measure_list"))
