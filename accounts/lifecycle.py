"""The one way a record moves through its lifecycle.

Missions, commissions, market engagements, tenders, bids, clarification questions,
dialogue rounds, contracts, check-ins, social value returns and PDF reports each have a
status. Each lifecycle keeps its own dict of allowed moves next to its services
(`procurement.services.ALLOWED`, `contracts.services.CHECKIN_ALLOWED`, ...), and its
`<entity>_transition()` service is a thin call to `transition()` below, which:

- runs in one transaction and locks the record's row (`SELECT ... FOR UPDATE`) before it
  reads the status, so two people moving the same record at once are served one after
  the other, and the second is refused if the first's move left nowhere to go;
- checks the permission `action` (a rule in `accounts.permissions`) when the caller
  passes one and a person is acting; scheduled work passes `by=None`, and lifecycles
  whose named event services check permission themselves pass no action;
- refuses a move that is not in the dict with `InvalidTransition`, whose message names
  the statuses by their labels: "You cannot move this tender from Draft to Awarded.";
- records an audit event with the old and new status (`accounts.services.audit_record`);
- keeps the caller's object in step, and returns the locked, moved copy.

`follow()` is for a move that happens because of an event elsewhere, such as a tender
published moving its commission into procurement. It moves the record only from the
statuses the event applies to and leaves it alone otherwise, so an event that happens
twice moves the record, and records the move, once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from accounts import permissions
from accounts.services import audit_record
from core.errors import InvalidTransition

if TYPE_CHECKING:
    from accounts.models import Organisation, User

Allowed = Mapping[str, Collection[str]]

STATUS = "status"


def label_of(record: models.Model, status: str) -> str:
    """A status as people read it: its label in the model's choices."""
    labels = dict(record._meta.get_field(STATUS).flatchoices)
    return str(labels.get(status, status))


def next_choices(
    record: models.Model, allowed: Allowed, *, among: Collection[str] | None = None
) -> list[tuple[str, str]]:
    """The statuses `record` may move to next (only those `among`, if given), as
    (value, label) choices in lifecycle order, for a form that offers the moves."""
    targets = allowed[getattr(record, STATUS)]
    return [
        (str(value), str(label))
        for value, label in record._meta.get_field(STATUS).flatchoices
        if value in targets and (among is None or value in among)
    ]


def _locked[Record: models.Model](record: Record) -> Record:
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


@transaction.atomic
def transition[Record: models.Model](
    record: Record,
    *,
    to: str,
    allowed: Allowed,
    by: User | None,
    action: str | None = None,
    verb: str = "status",
    changes: Mapping[str, Any] | None = None,
    also: Mapping[str, Any] | None = None,
    organisation: Organisation | None = None,
    noun: str | None = None,
) -> Record:
    """Move `record` to the status `to` if its lifecycle (`allowed`) permits the move.

    `changes` adds to what the audit event records; `also` names other fields saved with
    the status (such as when it was published); `organisation` is the audit event's
    organisation when the record has none of its own; `noun` is what the error message
    calls the record, if not the model's name.
    """
    if action is not None and by is not None:
        permissions.require(by, action, record)
    locked = _locked(record)
    current = getattr(locked, STATUS)
    if to not in allowed[current]:
        raise InvalidTransition(
            label_of(locked, current),
            label_of(locked, to),
            noun=noun or str(locked._meta.verbose_name),
        )
    audit_record(
        actor=by,
        verb=verb,
        target=locked,
        changes={STATUS: [str(current), str(to)], **(changes or {})},
        organisation=organisation,
    )
    fields = {STATUS: to, **(also or {})}
    for name, value in fields.items():
        setattr(locked, name, value)
        setattr(record, name, value)
    # `auto_now` fields (updated_at) are only refreshed when they are named.
    touched = [
        field.name for field in locked._meta.concrete_fields if getattr(field, "auto_now", False)
    ]
    locked.save(update_fields=[*fields, *touched])
    return locked


@transaction.atomic
def follow[Record: models.Model](
    record: Record,
    *,
    to: str,
    sources: Collection[str],
    allowed: Allowed,
    by: User | None,
    reason: str,
) -> Record:
    """Move `record` to `to` because of `reason`, an event elsewhere, if it is in one of
    `sources`; in any other status (`to` included) it is left as it is and nothing is
    recorded. Every source must be allowed to move to `to`.

    No permission is checked here: the service that raised the event has checked it.
    """
    locked = _locked(record)
    if getattr(locked, STATUS) not in sources:
        return locked
    return transition(record, to=to, allowed=allowed, by=by, changes={"reason": reason})
