"""The version of the figures the mission page shows, so its progress sections can be kept
as rendered HTML in the shared cache and drawn again only when something they read changed.

The sections read missions, commissions, tenders, bids, taking part, contracts, check-ins,
voices, social value, learning, needs and evidence, outcomes and indicators, places and the
organisations and people named (home/missions.py). Every save or delete of a record of
those apps, and every change of a many-to-many link between them, makes a new version
(core/versioned_cache.py `changed`): at once in this process, so the person who made the
change sees it, and for every process when the change commits.

Writing in bulk (queryset.update(), bulk_create) sends no signal; nothing in Kindred's
services writes these records so, and a kept section expires after FRAGMENT_SECONDS anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import versioned_cache

# Whatever the mission page reads lives in these apps.
WATCHED_APPS = frozenset({"accounts", "commissioning", "procurement", "contracts", "social_value"})
# Written beside every change (or on every sign-in) and never shown on the mission page.
IGNORED_MODELS = frozenset({"accounts.auditevent", "accounts.notification"})
VERSION_NAME = "mission-figures"
# How long a kept section lives, whatever happens: a bound on anything written in bulk.
FRAGMENT_SECONDS = 600


def sections(
    mission_pk: int, may_edit: bool, draw: Callable[[], tuple[str, str]]
) -> tuple[str, str]:
    """The page's kept sections (the summary's figures, and everything from the contents
    down) as HTML, for people who may change the mission or for those who may not: read
    with the version in one round trip to the shared cache, and drawn by `draw` only when
    anything they read changed since they were kept."""
    part = _sections_part(mission_pk, may_edit)
    return versioned_cache.kept(VERSION_NAME, draw, part=part, seconds=FRAGMENT_SECONDS)


def sections_key(mission_pk: int, may_edit: bool) -> str:
    """Where `sections` keeps a mission's sections in the shared cache."""
    return versioned_cache.kept_key(VERSION_NAME, _sections_part(mission_pk, may_edit))


def _sections_part(mission_pk: int, may_edit: bool) -> str:
    return f"sections:{mission_pk}:{'edit' if may_edit else 'read'}"


def figures_changed() -> None:
    """Something the mission page reads changed: a new version here at once, and for
    every process once the change is committed."""
    versioned_cache.changed(VERSION_NAME)


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
