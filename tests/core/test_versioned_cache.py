"""core.versioned_cache: a kept value is used until its name changes, and never kept
while the cache cannot be reached; a change is seen at once by the process that made it,
and by every process when it commits, each name changed moving on once per commit."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from core.release import release_digest
from core.versioned_cache import changed, current_version, forget_all, kept, version_key

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


NAMES = ("thing:x", "thing:y", "thing:z")


@pytest.fixture(autouse=True)
def _a_cache_that_drops_nothing(settings: Any) -> None:
    # The tests' cache (in memory) drops a third of its entries once it holds 300, and a
    # commit here also moves on every name earlier tests changed (they never commit).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "versioned-cache-tests",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }


def _counters() -> dict[str, int]:
    return cache.get_many([version_key(name) for name in NAMES])


def test_a_transaction_moves_each_name_it_changed_on_once_when_it_commits(
    django_capture_on_commit_callbacks,
) -> None:
    before = {name: current_version(name)[0] for name in NAMES}
    counters = _counters()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        changed("thing:x", "thing:y")
        changed("thing:x")
        changed("thing:z")
        # Seen at once by this process, under a version of its own; every other process
        # keeps the version it had (it cannot see the rows until they commit).
        assert all(current_version(name)[0] != before[name] for name in NAMES)
        assert _counters() == counters
    assert len(callbacks) == 1
    after = _counters()
    assert {key: after[key] - counters[key] for key in after} == {key: 1 for key in counters}
    # Committed: every process reads the same version, the shared counter alone.
    for name in NAMES:
        assert current_version(name)[0] == str(after[version_key(name)])


def test_a_savepoint_rolled_back_takes_its_callback_and_a_later_change_registers_again(
    django_capture_on_commit_callbacks,
) -> None:
    current_version(*NAMES)
    counters = _counters()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                changed("thing:x")
                raise RuntimeError  # rolled back, with the callback it registered
        except RuntimeError:
            pass
        changed("thing:y")
    assert len(callbacks) == 1
    after = _counters()
    assert after[version_key("thing:y")] == counters[version_key("thing:y")] + 1
    assert after[version_key("thing:z")] == counters[version_key("thing:z")]


def test_forgetting_all_starts_every_value_of_this_database_again_in_redis(settings: Any) -> None:
    """After rows written with no signal (the benchmark's generator), nothing kept before
    is served; another database's values in the same Redis are left alone."""
    prefix = f"kindred-tests-forget-{os.getpid()}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    _, make = _counting()
    assert kept("thing:forget", make) == 1
    assert kept("thing:forget", make) == 1
    elsewhere = f"version:another-database:{release_digest()}:thing:forget"
    cache.set(elsewhere, 7)
    try:
        forget_all()
        assert kept("thing:forget", make) == 2
        assert cache.get(elsewhere) == 7
    finally:  # only this test's keys: the same Redis carries other tests' work
        client = cache._cache.get_client(None, write=True)
        client.delete(*client.scan_iter(match=f"{prefix}:*"))


def test_forgetting_all_empties_a_cache_that_cannot_list_its_keys() -> None:
    made, make = _counting()
    kept("thing:forget-local", make)
    forget_all()
    kept("thing:forget-local", make)
    assert len(made) == 2
