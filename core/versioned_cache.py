"""Values kept in the shared cache until what they are made from changes, under a version
per name: small derived values through `kept`, and whatever a page keeps (rendered HTML
under a key that holds the version) through `current_version`.

    choices = kept(f"register-choices:{organisation.pk}", lambda: read_them(organisation))
    changed(f"register-choices:{organisation.pk}")   # wherever what they read is written

A name's version is a counter in the shared cache. `changed` makes a new version:

- at once in this process, so the person who made the change, and a test whose writes
  never commit, sees it: until the change commits, this process reads and keeps under a
  version of its own (the counter, this process and how many changes it made), which no
  other process uses, so nothing drawn from rows that are not committed (or are rolled
  back) is ever served elsewhere;
- for every process when the transaction commits, by moving the counter on; a value
  another process drew before the commit read the rows as they were, under the old
  version, so it is never used again. One callback per transaction moves on every name
  changed in it, however many changes it made (a savepoint rolled back takes the
  callback with it, and the next change registers it again).

A value made while the cache cannot be reached is not kept: every read then makes it
afresh. Everything kept expires after `seconds` whatever happens, a bound on writes that
send no signal (queryset.update(), bulk_create). A lost counter starts again from the
clock, above any earlier value. Each release keeps its own (core/release.py), so a value
made by an earlier release's code is never used.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

from core.release import release_digest

KEPT_SECONDS = 600

# When this process's own part of the versions started: with its process id (read when
# used, so a forked worker has its own), no process and no test run repeats another's.
_STARTED = time.time_ns()
# For each version key: how many changes this process made to it, which of them are not
# committed yet (read under this process's own version), and which move on at the commit.
_local: dict[str, int] = {}
_uncommitted: set[str] = set()
_pending: set[str] = set()


def version_key(name: str) -> str:
    """Where `name`'s version counter is kept in the shared cache."""
    return _keys(name)[0]


def kept_key(name: str, part: str = "") -> str:
    """Where `kept` keeps the value made from `name` under `part` in the shared cache."""
    return _keys(name, part)[1]


def _keys(name: str, part: str = "") -> tuple[str, str]:
    # The database's name keeps test runs and benchmark copies apart in a shared Redis; the
    # release, values made by an earlier release's code (which may differ in shape).
    base = f"{connection.settings_dict['NAME']}:{release_digest()}:{name}"
    return f"version:{base}", f"kept:{base}:{part}" if part else f"kept:{base}"


def current_version(*names: str, also: Iterable[str] = ()) -> tuple[str | None, dict[str, Any]]:
    """The current version of everything made from `names` (each name's version, joined
    by ":"), and what the shared cache holds under the keys `also` names: one round trip
    to the cache. The version is None while the cache cannot be reached (keep nothing)."""
    keys = [version_key(name) for name in names]
    found = cache.get_many([*keys, *also])
    parts = []
    for key in keys:
        counter = found.get(key)
        if counter is None:
            # First use (or the counter was lost): start from the clock, above any earlier.
            start = time.time_ns()
            counter = start if cache.add(key, start, timeout=None) else cache.get(key)
            if counter is None:
                return None, found
        part = str(counter)
        if key in _uncommitted:
            part += f"-{os.getpid()}-{_STARTED}-{_local[key]}"
        parts.append(part)
    return ":".join(parts), found


# What `read_kept` gives when nothing was kept under the current version.
NOT_KEPT: Any = object()


def read_kept(key: str, *names: str) -> tuple[str | None, Any]:
    """The current version of everything made from `names`, and what is kept at `key` if
    it was made under that version (else NOT_KEPT): one round trip to the cache. The
    version is None while the cache cannot be reached (keep nothing)."""
    version, found = current_version(*names, also=[key])
    stored = found.get(key)
    if version is None or stored is None or stored[0] != version:
        return version, NOT_KEPT
    return version, stored[1]


def keep(key: str, version: str, value: Any, *, seconds: int = KEPT_SECONDS) -> None:
    """Keep `value` at `key`, beside the version it was made under (see `read_kept`)."""
    cache.set(key, (version, value), timeout=seconds)


def kept[T](name: str, make: Callable[[], T], *, part: str = "", seconds: int = KEPT_SECONDS) -> T:
    """The value `make()` returns, from the cache while `name` has not changed. Values made
    from the same records share their name (and so its version), each under its own `part`."""
    value_key = kept_key(name, part)
    version, value = read_kept(value_key, name)
    if value is not NOT_KEPT:
        return value
    value = make()
    if version is not None:
        keep(value_key, version, value, seconds=seconds)
    return value


def forget_all() -> None:
    """Every version and kept value of this database starts again, for every release: after
    rows are written in bulk with no signal (the benchmark's generator), so nothing made
    from the rows before is served. A cache that cannot list its keys is emptied."""
    database = connection.settings_dict["NAME"]
    backend = getattr(cache, "_cache", None)
    if not hasattr(backend, "get_client"):
        cache.clear()
        return
    client = backend.get_client(None, write=True)
    for pattern in (f"version:{database}:*", f"kept:{database}:*"):
        keys = list(client.scan_iter(match=cache.make_key(pattern), count=1000))
        if keys:
            client.delete(*keys)


def move_on(key: str) -> None:
    """A version counter moves on now, for every process, whatever the transaction."""
    try:
        cache.incr(key)
    except ValueError:  # no version yet, or it was lost: start again above every earlier
        cache.set(key, time.time_ns(), timeout=None)


def _committed() -> None:
    for key in list(_pending):
        move_on(key)
    # The counters now cover this process's changes: it reads the shared versions again.
    _uncommitted.difference_update(_pending)
    _pending.clear()


def changed(*names: str) -> None:
    """What `names` are made from changed: a new version in this process at once, and
    for every process when the transaction commits."""
    for name in names:
        key = version_key(name)
        _local[key] = _local.get(key, 0) + 1
        _uncommitted.add(key)
        _pending.add(key)
    # Once per transaction is enough (a savepoint rolled back takes its callback with it).
    if not any(callback is _committed for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_committed)
