"""What the contract register's filters offer (`selectors.register_choices`) is kept in the
cache per buyer; these receivers mark it changed whenever a mission, place or membership
of the buyer, or a person who manages its contracts, is saved or deleted."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from accounts.models import Membership, Role, User
from commissioning.models import Mission, Place
from contracts.selectors import register_choices_name
from core.versioned_cache import changed


def _organisation_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    changed(register_choices_name(instance.organisation_id))


def renamed_manager_may_show(update_fields: Any, *, created: bool = False) -> bool:
    """Whether a person just saved may show differently where the register names contract
    managers: signing in stamps last_login and may rehash the password, leaving the name
    shown as it was, and a new person manages nothing yet."""
    signing_in = update_fields is not None and set(update_fields) <= {"last_login", "password"}
    return not signing_in and not created


def _person_changed(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if not renamed_manager_may_show(update_fields, created=kwargs.get("created", False)):
        return
    managed = Membership.objects.filter(user=instance, role=Role.CONTRACT_MANAGER)
    for organisation_id in managed.values_list("organisation_id", flat=True).distinct():
        changed(register_choices_name(organisation_id))


for model in (Mission, Place, Membership):
    post_save.connect(_organisation_changed, sender=model, dispatch_uid=f"register-{model}-save")
    post_delete.connect(
        _organisation_changed, sender=model, dispatch_uid=f"register-{model}-delete"
    )
post_save.connect(_person_changed, sender=User, dispatch_uid="register-person-save")
