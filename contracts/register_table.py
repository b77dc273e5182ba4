"""The first page of a buyer's contract register is kept drawn in the cache
(`views._register_table_html`, under `selectors.register_table_name`); these receivers
move its version on whenever something it shows is saved or deleted:

- a contract of the buyer (its title, kind, provider, manager, status, value, end date,
  or the count of contracts);
- an action of one of its contracts (the count of open actions);
- an organisation providing one of its contracts (the provider's name);
- a person managing one of its contracts (the manager's name). Deleting a person empties
  the contracts' manager in SQL, with no signal, so the buyers are found before.

A status tag reads the contract's status only, never today's date, so a kept page does not
go stale overnight. Writing in bulk (queryset.update(), bulk_create) sends no signal;
nothing in Kindred's services writes these records so, and what is kept expires after
core.versioned_cache.KEPT_SECONDS anyway."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete

from accounts.models import Organisation, User
from contracts.models import Action, Contract
from contracts.register_choices import renamed_manager_may_show
from contracts.selectors import register_table_name
from core.versioned_cache import changed


def _buyers_changed(organisation_ids: Iterable[int]) -> None:
    for organisation_id in set(organisation_ids):
        changed(register_table_name(organisation_id))


def _contract_changed(sender: Any, instance: Contract, **kwargs: Any) -> None:
    _buyers_changed([instance.organisation_id])


def _action_changed(sender: Any, instance: Action, **kwargs: Any) -> None:
    if Action.contract.is_cached(instance):
        _buyers_changed([instance.contract.organisation_id])
        return
    # A contract already gone was deleted (its actions with it) and told its buyer itself.
    found = Contract.objects.filter(pk=instance.contract_id)
    _buyers_changed(found.values_list("organisation_id", flat=True))


def _provider_changed(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    if kwargs.get("created"):
        return  # a new organisation provides nothing yet
    provided = Contract.objects.filter(provider=instance)
    _buyers_changed(provided.values_list("organisation_id", flat=True).distinct())


def _manager_changed(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if not renamed_manager_may_show(update_fields, created=kwargs.get("created", False)):
        return
    managed = Contract.objects.filter(contract_manager=instance)
    _buyers_changed(managed.values_list("organisation_id", flat=True).distinct())


post_save.connect(_contract_changed, sender=Contract, dispatch_uid="register-table-contract")
post_delete.connect(_contract_changed, sender=Contract, dispatch_uid="register-table-contract-gone")
post_save.connect(_action_changed, sender=Action, dispatch_uid="register-table-action")
post_delete.connect(_action_changed, sender=Action, dispatch_uid="register-table-action-gone")
post_save.connect(_provider_changed, sender=Organisation, dispatch_uid="register-table-provider")
post_save.connect(_manager_changed, sender=User, dispatch_uid="register-table-manager")
pre_delete.connect(_manager_changed, sender=User, dispatch_uid="register-table-manager-gone")
