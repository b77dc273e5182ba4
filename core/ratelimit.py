"""Fixed-window rate limits counted in the shared cache (Redis in production).

Each call counts one attempt against every key it is given and says whether any of them
went over its limit. The counts live in the cache, so every web process shares them, and
they expire on their own at the end of the window.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """At most `count` attempts per `seconds`, for one kind of key (an email, an address)."""

    scope: str
    count: int
    seconds: int


def _cache_key(limit: Limit, value: str) -> str:
    window = int(time.time() // limit.seconds)
    # Hashed, so the cache never holds an email or IP address in the clear.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{limit.scope}:{digest}:{window}"


def hit(limit: Limit, value: str) -> bool:
    """Count one attempt for `value`; True while it is within the limit."""
    if not value:
        return True
    key = _cache_key(limit, value)
    # add() creates the counter only if it is new; incr() is atomic in Redis.
    if cache.add(key, 1, timeout=limit.seconds + 1):
        return limit.count >= 1
    try:
        return cache.incr(key) <= limit.count
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=limit.seconds + 1)
        return True


def hit_all(checks: list[tuple[Limit, str]]) -> bool:
    """Count one attempt against every (limit, value); True if all are within their limit.
    Every counter counts the attempt, so a refused attempt still uses up the window."""
    results = [hit(limit, value) for limit, value in checks]
    return all(results)
