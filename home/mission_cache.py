"""The version of the figures the mission page shows, so its progress sections can be kept
as rendered HTML in the shared cache and drawn again only when something they read changed.

The sections read missions, commissions, tenders, bids, taking part, contracts, check-ins,
voices, social value, learning, needs and evidence, outcomes and indicators, places and the
organisations and people named (home/missions.py). Every save or delete of a record of
those apps, and every change of a many-to-many link between them, makes a new version:

- at once in this process, so the person who made the change, and anything this process
  draws next, sees it (a test's writes never commit): until the change commits, this
  process keeps what it draws under a version of its own, which no other process uses;
- again for every process when the transaction commits, through a counter in the shared
  cache, and from then on every process keeps and reads the sections under that one
  shared version. A page drawn between the write and its commit read the old figures
  under the old version, so it can never be kept under the new one.

Writing in bulk (queryset.update(), bulk_create) sends no signal; nothing in Kindred's
services writes these records so, and a kept section expires after FRAGMENT_SECONDS anyway.
The counter never goes back: a lost one starts again from the clock, above any earlier.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import versioned_cache

# Whatever the mission page reads lives in these apps.
WATCHED_APPS = frozenset({"accounts", "commissioning", "procurement", "contracts", "social_value"})
# Written beside every change (or on every sign-in) and never shown on the mission page.
IGNORED_MODELS = frozenset({"accounts.auditevent", "accounts.notification"})
SHARED_KEY = "mission-figures-version"
# How long a kept section lives, whatever happens: a bound on anything written in bulk.
FRAGMENT_SECONDS = 600

# This process's own part of the version while it holds changes not yet committed: where
# it started (so that no process, and no test run, ever repeats another's) and how many
# changes it has made since.
_PROCESS = f"{os.getpid()}-{time.time_ns()}"
_local = 0
_uncommitted = False


def figures_version() -> str:
    """The current version: this database and the shared counter, and this process's own
    changes while any is uncommitted. One read of the shared cache; "none" for the counter
    while Redis cannot be reached (nothing is kept then either)."""
    shared = cache.get(SHARED_KEY)
    if shared is None and cache.add(SHARED_KEY, time.time_ns(), timeout=None):
        shared = cache.get(SHARED_KEY)
    version = f"{connection.settings_dict['NAME']}:{shared}"
    return f"{version}:{_PROCESS}:{_local}" if _uncommitted else version


def _bump_shared() -> None:
    global _uncommitted
    versioned_cache.move_on(SHARED_KEY)
    # Committed: the shared version now covers this process's changes too.
    _uncommitted = False


def figures_changed() -> None:
    """Something the mission page reads changed: a new version here at once, and for
    every process once the change is committed."""
    global _local, _uncommitted
    _local += 1
    _uncommitted = True
    # Once per transaction is enough (a savepoint rolled back takes its callback with it).
    if not any(callback is _bump_shared for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_bump_shared)


def _watched(sender: Any) -> bool:
    meta = sender._meta
    return meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS


def _on_save(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    # Signing in only stamps last_login; the people's names the page shows are unchanged.
    if _watched(sender) and update_fields != frozenset({"last_login"}):
        figures_changed()


def _on_delete(sender: Any, **kwargs: Any) -> None:
    if _watched(sender):
        figures_changed()


def _on_links(sender: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and _watched(sender):
        figures_changed()


post_save.connect(_on_save, dispatch_uid="mission-figures-save")
post_delete.connect(_on_delete, dispatch_uid="mission-figures-delete")
m2m_changed.connect(_on_links, dispatch_uid="mission-figures-links")
