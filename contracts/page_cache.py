"""The contract page's content kept as rendered HTML in the shared cache, under a version
that changes whenever something it shows changes, so a repeat view reads the contract's
own row and, in one round trip to the cache, the version and what was kept beside it
(drawn under which version), instead of a dozen tables, and draws nothing.

What the page shows belongs, nearly all of it, to one contract: the contract row itself
(its summary, status, value, cadence), its check-ins and both sides' parts and ratings,
actions, KPIs and readings, assessments, changes, extension options, decisions, learning,
voices, social value commitments and returns, and its links to missions, outcomes and
places. Every save or delete of such a record makes a new version for its contract only,
found by following its foreign keys to the contract. What is shared between contracts
(organisations' and people's names, missions, outcomes, places, commissions, indicators,
social value measures, tenders) makes a new version for every contract.

As for the mission page (home/mission_cache.py), a new version comes at once in this
process, so the person who made the change sees it, and for every process when the change
commits (core/versioned_cache.py `changed`), through a counter per contract and one for
everything.

Writing in bulk (queryset.update(), bulk_create) sends no signal; nothing in Kindred's
services writes these records so, and a kept section expires after FRAGMENT_SECONDS anyway.

The sections hold forms, so they are drawn with a placeholder for the CSRF token, and the
viewer's own token replaces it on the way out: no token is ever kept in the cache.
What is kept carries the release that drew it (core/release.py), so a new release never
serves what an earlier one kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.html import format_html

from accounts import permissions
from contracts.models import Contract
from contracts.services import sides_read_by
from core import versioned_cache
from core.release import release_digest

# Records of these apps that lead to a contract change that contract's sections.
CONTRACT_APPS = frozenset({"contracts", "social_value"})
# Shared records the page shows: the buyer, the provider and people (who manages it, who
# wrote a part), missions, outcomes, places, the commission and the mission indicators a
# KPI feeds, social value measures (any record of those apps that does not lead to one
# contract), and the tender it came from.
SHARED_APPS = frozenset({"accounts", "commissioning", "social_value"})
SHARED_MODELS = frozenset({"procurement.tender"})
# Written beside every change (or on every sign-in) and never shown in the sections.
IGNORED_MODELS = frozenset({"accounts.auditevent", "accounts.notification"})
EVERY_CONTRACT = "all"
FRAGMENT_SECONDS = 600

# The value the sections are drawn with in place of the viewer's CSRF token.
CSRF_PLACEHOLDER = "contract-page-csrf-token"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def _version_name(scope: int | str) -> str:
    return f"contract-page:{scope}"


def sections_version(contract_pk: int) -> str | None:
    """The current version of one contract's sections: its counter and the counter for
    every contract (one read of the shared cache), and this process's own changes while
    any is uncommitted. None while the shared cache cannot be reached (nothing is kept)."""
    version, _ = versioned_cache.current_version(
        _version_name(contract_pk), _version_name(EVERY_CONTRACT)
    )
    return version


def sections_changed(scopes: Iterable[int | str]) -> None:
    """Something these contracts' sections show changed (EVERY_CONTRACT: all of them):
    a new version here at once, and for every process once the change is committed."""
    versioned_cache.changed(*(_version_name(scope) for scope in scopes))


@dataclass(frozen=True)
class Viewer:
    """Everything about the person viewing that changes what the page shows. People
    alike in all of it see the same sections, so they share what is kept."""

    readable_sides: frozenset[str]
    may_manage: bool
    may_write_checkin: bool
    # The council's own people: mission indicators link to their pages, and every entry
    # of the learning log shows (anyone else reads only what the council published).
    may_see_indicators: bool

    @classmethod
    def of(cls, user: Any, contract: Contract) -> Viewer:
        return cls(
            readable_sides=frozenset(sides_read_by(user, contract)),
            may_manage=permissions.can(user, "contract.manage", contract),
            may_write_checkin=permissions.can(user, "checkin.write", contract),
            may_see_indicators=permissions.can(user, "commissioning.view", contract),
        )

    @property
    def key(self) -> str:
        flags = (self.may_manage, self.may_write_checkin, self.may_see_indicators)
        return "-".join(sorted(self.readable_sides)) + ":" + "".join(str(int(f)) for f in flags)


def sections_key(contract_pk: int, *, viewer: Viewer, page: str) -> str:
    """Where the sections of a contract's page are kept for this kind of viewer and page
    of check-ins, beside the version they were drawn under (`kept_sections`)."""
    database = connection.settings_dict["NAME"]
    drawn_by = release_digest()
    return f"contract-sections:{database}:{drawn_by}:{contract_pk}:{viewer.key}:{page}"


def kept_sections(key: str, contract_pk: int) -> tuple[str | None, str | None]:
    """The current version of the contract's sections and the sections kept at `key` if
    they were drawn under it (else None), read in one round trip to the shared cache. The
    version is None while the cache cannot be reached (then nothing is kept)."""
    version, html = versioned_cache.read_kept(
        key, _version_name(contract_pk), _version_name(EVERY_CONTRACT)
    )
    return version, None if html is versioned_cache.NOT_KEPT else html


def keep_sections(key: str, version: str, html: str) -> None:
    versioned_cache.keep(key, version, html, seconds=FRAGMENT_SECONDS)


def with_csrf_token(request: HttpRequest, html: str) -> str:
    """The sections with the viewer's own CSRF token where the placeholder was drawn."""
    placeholder = format_html(_CSRF_INPUT, CSRF_PLACEHOLDER)
    if placeholder not in html:
        return html
    return html.replace(placeholder, format_html(_CSRF_INPUT, get_token(request)))


# --- Which contract a record belongs to ------------------------------------------------------
_paths: dict[type[models.Model], tuple[models.ForeignKey, ...] | None] = {}


def _path_to_contract(model: type[models.Model]) -> tuple[models.ForeignKey, ...] | None:
    """The foreign keys leading from `model` to Contract (a direct one if there is one),
    through records of the contract apps only; None if there is no such path."""
    if model in _paths:
        return _paths[model]
    found = None
    queue: list[tuple[type[models.Model], tuple[models.ForeignKey, ...]]] = [(model, ())]
    while queue and found is None:
        current, path = queue.pop(0)
        for field in current._meta.concrete_fields:
            if not field.many_to_one and not field.one_to_one:
                continue
            target = field.related_model
            if target is Contract:
                found = (*path, field)
                break
            if target._meta.app_label in CONTRACT_APPS and len(path) < 2:
                queue.append((target, (*path, field)))
    _paths[model] = found
    return found


def _scopes_of(instance: models.Model) -> list[int | str]:
    """The contracts whose sections show `instance` (EVERY_CONTRACT for shared records)."""
    meta = instance._meta
    if meta.label_lower in IGNORED_MODELS:
        return []
    if isinstance(instance, Contract):
        return [instance.pk]
    path = _path_to_contract(type(instance)) if meta.app_label in CONTRACT_APPS else None
    if path is None:
        shared = meta.app_label in SHARED_APPS or meta.label_lower in SHARED_MODELS
        return [EVERY_CONTRACT] if shared else []
    first = getattr(instance, path[0].attname)
    if first is None:
        return []  # not part of any contract (a learning entry about a commission)
    if len(path) == 1:
        return [first]
    # Read through the parent; a parent already gone was deleted and told its contract.
    through = "__".join(field.name for field in path[1:])
    contract_pk = (
        path[0]
        .related_model._default_manager.filter(pk=first)
        .values_list(through, flat=True)
        .first()
    )
    return [] if contract_pk is None else [contract_pk]


def _on_save(sender: Any, instance: models.Model, update_fields: Any = None, **kwargs: Any) -> None:
    # Signing in only stamps last_login; the names the sections show are unchanged.
    if update_fields == frozenset({"last_login"}):
        return
    if scopes := _scopes_of(instance):
        sections_changed(scopes)


def _on_delete(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    if scopes := _scopes_of(instance):
        sections_changed(scopes)


def _on_links(
    sender: Any, instance: models.Model, action: str, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    if model is Contract and not isinstance(instance, Contract):
        # Linked from the other side (a mission's contracts); a clear() names none.
        sections_changed(pk_set or [EVERY_CONTRACT])
    elif scopes := _scopes_of(instance):
        sections_changed(scopes)


post_save.connect(_on_save, dispatch_uid="contract-sections-save")
post_delete.connect(_on_delete, dispatch_uid="contract-sections-delete")
m2m_changed.connect(_on_links, dispatch_uid="contract-sections-links")
