"""The cache as an optional extra: when Redis is down, every read is a miss and every
write is skipped (with a warning), so pages keep working without it.

Rate limits kept in the cache (sign-in attempts, public comments, the API) do not count
while Redis is down; everything that must not be lost lives in PostgreSQL.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _or(fallback: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def guarded(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                logger.warning("Cache unavailable (%s): %s skipped", error, method.__name__)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return guarded

    return decorate


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis cannot be reached."""

    get = _or(_default)(RedisCache.get)
    get_many = _or({})(RedisCache.get_many)
    has_key = _or(False)(RedisCache.has_key)
    set = _or(None)(RedisCache.set)
    set_many = _or([])(RedisCache.set_many)
    add = _or(False)(RedisCache.add)
    touch = _or(False)(RedisCache.touch)
    delete = _or(False)(RedisCache.delete)
    delete_many = _or(None)(RedisCache.delete_many)
    clear = _or(None)(RedisCache.clear)
    # A counter that cannot be read starts again from nothing.
    incr = _or(lambda key, delta=1, version=None: delta)(RedisCache.incr)
