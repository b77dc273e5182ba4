"""The release digest (core/release.py): read once per process from what draws pages, new
whenever a template, a module, a library, the static files or the named release changes;
and every chart kept in the shared cache is kept under it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.cache import cache

from core import charts
from core.release import release_digest
from core.versioned_cache import kept
from tests.release import next_release


@pytest.fixture
def project(settings, tmp_path: Path) -> Path:
    """A small project in place of Kindred's: one template, one app, tests, static files."""
    (tmp_path / "templates" / "app").mkdir(parents=True)
    (tmp_path / "templates" / "app" / "page.html").write_text("<h1>{{ title }}</h1>")
    for package in ("app", "tests"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "app" / "views.py").write_text("TITLE = 'Kindred'\n")
    (tmp_path / "tests" / "test_app.py").write_text("def test(): pass\n")
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.BASE_DIR = tmp_path
    return tmp_path


def _after_release(change) -> tuple[str, str]:
    before = release_digest()
    change()
    assert release_digest() == before  # read once per process
    release_digest.cache_clear()  # the new release's process
    return before, release_digest()


def test_the_digest_is_read_once_and_is_short():
    assert release_digest() is release_digest()
    assert len(release_digest()) == 16


def test_a_changed_template_or_module_is_a_new_release(project: Path):
    before, after = _after_release(
        lambda: (project / "templates" / "app" / "page.html").write_text("<h2>{{ title }}</h2>")
    )
    assert after != before
    before, after = _after_release(
        lambda: (project / "app" / "views.py").write_text("TITLE = 'Kindred 2'\n")
    )
    assert after != before


def test_a_renamed_template_is_a_new_release(project: Path):
    page = project / "templates" / "app" / "page.html"
    before, after = _after_release(lambda: page.rename(page.with_name("other.html")))
    assert after != before


def test_a_new_static_files_manifest_is_a_new_release(project: Path):
    def collect() -> None:
        (project / "staticfiles").mkdir()
        (project / "staticfiles" / "staticfiles.json").write_text('{"paths": {}}')

    before, after = _after_release(collect)
    assert after != before


def test_tests_draw_no_page_and_do_not_change_the_release(project: Path):
    before, after = _after_release(
        lambda: (project / "tests" / "test_app.py").write_text("def test(): assert 1\n")
    )
    assert after == before


def test_a_named_release_is_a_new_release(settings):
    before = release_digest()
    assert next_release(settings) != before


SPEC = json.dumps(
    {
        "$schema": charts.VEGA_LITE_SCHEMA,
        "data": {"values": [{"year": "2025", "people": 40}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "year", "type": "nominal"},
            "y": {"field": "people", "type": "quantitative"},
        },
    },
    sort_keys=True,
)


def test_a_chart_kept_by_an_earlier_release_is_not_served_by_the_next(settings):
    earlier = charts.chart_key(SPEC)
    assert release_digest() in earlier
    # What the earlier release drew for this specification, kept in the shared cache.
    cache.set(earlier, "<svg>Drawn by the earlier release</svg>")
    charts._render.cache_clear()  # each release runs in processes of its own
    assert charts._render(SPEC) == "<svg>Drawn by the earlier release</svg>"

    next_release(settings)
    charts._render.cache_clear()
    assert charts.chart_key(SPEC) != earlier
    svg = charts._render(SPEC)
    assert svg.startswith("<svg") and "Drawn by the earlier release" not in svg
    assert cache.get(charts.chart_key(SPEC)) == svg
    charts._render.cache_clear()


@pytest.mark.django_db
def test_a_value_kept_by_an_earlier_release_is_not_used_by_the_next(settings):
    assert kept("release-test", lambda: "made by the earlier release") == (
        "made by the earlier release"
    )
    assert kept("release-test", lambda: "made again") == "made by the earlier release"
    next_release(settings)
    assert kept("release-test", lambda: "made by the next release") == "made by the next release"
