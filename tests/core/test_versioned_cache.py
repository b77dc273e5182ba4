"""core.versioned_cache: a kept value is used until its name changes, and never kept
while the cache cannot be reached."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from core.versioned_cache import changed, kept

pytestmark = pytest.mark.django_db


def _counting() -> tuple[list[int], Any]:
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return len(made)

    return made, make


def test_a_kept_value_is_made_once_until_its_name_changes() -> None:
    made, make = _counting()
    assert kept("thing:1", make) == 1
    assert kept("thing:1", make) == 1
    changed("thing:1")
    assert kept("thing:1", make) == 2
    assert len(made) == 2


def test_names_are_kept_apart() -> None:
    _, make_one = _counting()
    _, make_two = _counting()
    assert kept("thing:a", make_one) == 1
    changed("thing:b")
    assert kept("thing:a", make_one) == 1
    assert kept("thing:b", lambda: "b") == "b"
    assert kept("thing:b", make_two) == "b"


def test_a_lost_version_makes_the_value_again() -> None:
    made, make = _counting()
    kept("thing:lost", make)
    cache.clear()
    kept("thing:lost", make)
    assert len(made) == 2


def test_without_a_cache_every_read_makes_the_value(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    made, make = _counting()
    assert kept("thing:nocache", make) == 1
    assert kept("thing:nocache", make) == 2
    changed("thing:nocache")  # and marking it changed does not fail
    assert len(made) == 2
