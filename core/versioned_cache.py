"""Small derived values kept in the shared cache until what they are made from changes.

    choices = kept(f"register-choices:{organisation.pk}", lambda: read_them(organisation))
    changed(f"register-choices:{organisation.pk}")   # wherever what they read is written

`kept` reads the value and its name's version in one round trip to the cache, and uses
the value only if it was made under the current version; `changed` moves the version on
at once (so this process, and a test whose writes never commit, sees the change) and
again when the transaction commits (so a value another process made from the rows as
they were before the commit, under the first new version, is never used). A value made
while the cache cannot be reached is not kept: every read then makes it afresh.
Everything kept expires after `seconds` whatever happens, a bound on writes that send no
signal (queryset.update(), bulk_create). Each release keeps its own (core/release.py),
so a value made by an earlier release's code is never used.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection, transaction

from core.release import release_digest

KEPT_SECONDS = 600


def _keys(name: str, part: str = "") -> tuple[str, str]:
    # The database's name keeps test runs and benchmark copies apart in a shared Redis; the
    # release, values made by an earlier release's code (which may differ in shape).
    base = f"{connection.settings_dict['NAME']}:{release_digest()}:{name}"
    return f"version:{base}", f"kept:{base}:{part}" if part else f"kept:{base}"


def kept[T](name: str, make: Callable[[], T], *, part: str = "", seconds: int = KEPT_SECONDS) -> T:
    """The value `make()` returns, from the cache while `name` has not changed. Values made
    from the same records share their name (and so its version), each under its own `part`."""
    version_key, value_key = _keys(name, part)
    found = cache.get_many([version_key, value_key])
    version = found.get(version_key)
    if version is None:
        # First use (or the version was lost): start from the clock, above any earlier.
        cache.add(version_key, time.time_ns(), timeout=None)
        version = cache.get(version_key)
    stored = found.get(value_key)
    if version is not None and stored is not None and stored[0] == version:
        return stored[1]
    value = make()
    if version is not None:
        cache.set(value_key, (version, value), timeout=seconds)
    return value


def move_on(version_key: str) -> None:
    """A cached version counter moves on (every page keeping values under it reads anew)."""
    try:
        cache.incr(version_key)
    except ValueError:  # no version yet, or it was lost: start again above every earlier
        cache.set(version_key, time.time_ns(), timeout=None)


def changed(name: str) -> None:
    """What `name` is made from changed: a new version now, and another on commit."""
    version_key, _ = _keys(name)
    move_on(version_key)
    transaction.on_commit(lambda: move_on(version_key))
