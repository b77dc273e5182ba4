"""Fixed-window rate limits counted in the cache."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core.cache import cache

from core import ratelimit

LIMIT = ratelimit.Limit("test", 3, 60)


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_the_limit_holds_within_a_window_and_resets_in_the_next():
    with time_machine.travel("2027-01-01 12:00:01+00:00", tick=False):
        assert [ratelimit.hit(LIMIT, "a@example.com") for _ in range(5)] == [
            True,
            True,
            True,
            False,
            False,
        ]
        # Another value has its own count; case and spaces do not make a new one.
        assert ratelimit.hit(LIMIT, "b@example.com")
        assert not ratelimit.hit(LIMIT, " A@Example.com ")
    with time_machine.travel("2027-01-01 12:01:01+00:00", tick=False):
        assert ratelimit.hit(LIMIT, "a@example.com")


def test_the_cache_never_holds_the_value_itself():
    ratelimit.hit(LIMIT, "a@example.com")
    assert "a@example.com" not in ratelimit._cache_key(LIMIT, "a@example.com")


def test_every_counter_counts_the_attempt():
    other = ratelimit.Limit("other", 1, 60)
    with time_machine.travel("2027-01-01 12:00:01+00:00", tick=False):
        assert ratelimit.hit_all([(LIMIT, "x"), (other, "y")])
        assert not ratelimit.hit_all([(LIMIT, "x"), (other, "y")])
        assert ratelimit.hit(LIMIT, "x")  # the third attempt on x
        assert not ratelimit.hit(LIMIT, "x")
