"""Writes for contracts and check-ins: every rule about them lives here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from accounts import permissions
from accounts.errors import DomainError, InvalidTransition
from accounts.models import Membership, Organisation, Role, User
from accounts.services import audit_record
from commissioning.models import Commission, Mission, Place
from contracts.models import CheckIn, Contract, ContractKind, ContractStatus

if TYPE_CHECKING:
    from procurement.models import Tender


class ContractInvalid(DomainError):
    """A broken rule about one field, so a form can show the message beside it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


ALLOWED: dict[str, set[str]] = {
    ContractStatus.MOBILISING: {ContractStatus.ACTIVE, ContractStatus.TERMINATED},
    ContractStatus.ACTIVE: {
        ContractStatus.IN_EXTENSION,
        ContractStatus.EXPIRED,
        ContractStatus.TERMINATED,
    },
    ContractStatus.IN_EXTENSION: {ContractStatus.EXPIRED, ContractStatus.TERMINATED},
    ContractStatus.EXPIRED: set(),
    ContractStatus.TERMINATED: set(),
}


@transaction.atomic
def contract_transition(
    *,
    contract: Contract,
    to: str,
    by: User | None,
    changes: dict[str, object] | None = None,
) -> Contract:
    """The only place a contract's status changes; records who moved it and when.

    Permission is checked by the named event services, so that scheduled work (such as
    expiry at the end date) can use this too.
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if to not in ALLOWED[contract.status]:
        raise InvalidTransition(ContractStatus(contract.status).label, ContractStatus(to).label)
    audit_record(
        actor=by,
        verb="status",
        target=contract,
        changes={"status": [contract.status, str(to)], **(changes or {})},
    )
    contract.status = to
    contract.save(update_fields=["status", "updated_at"])
    return contract


@transaction.atomic
def contract_start(*, contract: Contract, by: User) -> Contract:
    """Mobilisation is over and the service is running for people."""
    permissions.require(by, "contract.manage", contract)
    return contract_transition(contract=contract, to=ContractStatus.ACTIVE, by=by)


@transaction.atomic
def contract_extend(*, contract: Contract, new_end_date: datetime.date, by: User) -> Contract:
    """Use an extension: the contract runs on to a later end date."""
    permissions.require(by, "contract.manage", contract)
    if new_end_date <= contract.end_date:
        raise ContractInvalid(
            f"The new end date must be after {contract.end_date:%-d %B %Y}.",
            field="new_end_date",
        )
    previous_end = contract.end_date
    contract = contract_transition(
        contract=contract,
        to=ContractStatus.IN_EXTENSION,
        by=by,
        changes={"end_date": [previous_end.isoformat(), new_end_date.isoformat()]},
    )
    contract.end_date = new_end_date
    contract.save(update_fields=["end_date", "updated_at"])
    return contract


@transaction.atomic
def contract_expire(*, contract: Contract, by: User) -> Contract:
    """The contract has reached its end date (with any extension used)."""
    permissions.require(by, "contract.manage", contract)
    return contract_transition(contract=contract, to=ContractStatus.EXPIRED, by=by)


@transaction.atomic
def contract_terminate(*, contract: Contract, reason: str, by: User) -> Contract:
    """End the contract early. The reason is kept, so the ending can be learned from."""
    permissions.require(by, "contract.manage", contract)
    reason = reason.strip()
    if not reason:
        raise ContractInvalid("Enter why the contract is ending early.", field="reason")
    return contract_transition(
        contract=contract, to=ContractStatus.TERMINATED, by=by, changes={"reason": reason}
    )


def _require_own(items: Iterable[Mission | Place], organisation: Organisation, field: str) -> list:
    items = list(items)
    if any(item.organisation_id != organisation.pk for item in items):
        noun = "missions" if field == "missions" else "places"
        raise ContractInvalid(f"Choose {noun} that belong to {organisation}.", field=field)
    return items


@transaction.atomic
def contract_create(
    *,
    organisation: Organisation,
    title: str,
    kind: str,
    provider: Organisation | None = None,
    provider_name: str = "",
    value: Decimal | int,
    start_date: datetime.date,
    end_date: datetime.date,
    contract_manager: User | None = None,
    missions: Iterable[Mission] = (),
    places: Iterable[Place] = (),
    commission: Commission | None = None,
    tender: Tender | None = None,
    by: User,
) -> Contract:
    """Add a contract or agreement to a public body's register.

    Used for in-house, grant and partnership agreements entered directly, and by the
    award of a tender. The delivering party is either a provider organisation or the
    name of a team (never both); an in-house agreement is always with a named team.
    Missions, places, the commission and the tender must be the buyer's own, and the
    contract manager must hold that role at the buyer.
    """
    permissions.require(by, "contract.manage", organisation)
    if not organisation.is_public_body:
        raise ContractInvalid("Only public bodies can hold contracts in the register.")
    title = title.strip()
    provider_name = provider_name.strip()
    if not title:
        raise ContractInvalid("Enter a title for the contract.", field="title")
    if kind not in ContractKind.values:
        raise ContractInvalid("Choose the kind of agreement.", field="kind")
    if provider is not None and provider_name:
        raise ContractInvalid(
            "Choose a provider organisation or enter the name of a team, not both.",
            field="provider_name",
        )
    if provider is None and not provider_name:
        raise ContractInvalid(
            "Choose a provider organisation or enter the name of the team delivering it.",
            field="provider",
        )
    if kind == ContractKind.IN_HOUSE and provider is not None:
        raise ContractInvalid(
            "An in-house service agreement is with one of your own teams. "
            "Enter the team's name instead of choosing an organisation.",
            field="provider_name",
        )
    if kind == ContractKind.TENDERED and provider is None:
        raise ContractInvalid(
            "A contract from a tender is with the supplier that won it. Choose the supplier.",
            field="provider",
        )
    if provider is not None and provider.pk == organisation.pk:
        raise ContractInvalid(
            "For work your own teams deliver, enter the team's name instead.",
            field="provider",
        )
    if Decimal(value) < 0:
        raise ContractInvalid("The value must be £0 or more.", field="value")
    if end_date < start_date:
        raise ContractInvalid(
            "The end date must be the same as or after the start date.", field="end_date"
        )
    if (
        contract_manager is not None
        and not Membership.objects.filter(
            user=contract_manager, organisation=organisation, role=Role.CONTRACT_MANAGER
        ).exists()
    ):
        raise ContractInvalid(
            f"Choose a contract manager from {organisation}.", field="contract_manager"
        )
    missions = _require_own(missions, organisation, "missions")
    places = _require_own(places, organisation, "places")
    if commission is not None and commission.organisation_id != organisation.pk:
        raise ContractInvalid(f"Choose a commission that belongs to {organisation}.")
    if tender is not None and tender.organisation_id != organisation.pk:
        raise ContractInvalid(f"Choose a tender that belongs to {organisation}.")

    contract = Contract.objects.create(
        organisation=organisation,
        title=title,
        kind=kind,
        provider=provider,
        provider_name=provider_name,
        value=value,
        start_date=start_date,
        end_date=end_date,
        contract_manager=contract_manager,
        commission=commission,
        tender=tender,
    )
    contract.missions.set(missions)
    contract.places.set(places)
    audit_record(
        actor=by,
        verb="created",
        target=contract,
        changes={
            "kind": kind,
            "provider": contract.provider_display,
            "value": str(value),
            "start_date": start_date.isoformat(),
            "end_date": end_date.isoformat(),
        },
    )
    return contract


@transaction.atomic
def checkin_record(
    *,
    contract: Contract,
    held_on: datetime.date,
    story: str,
    went_well: str = "",
    was_hard: str = "",
    learning: str = "",
    by: User,
) -> CheckIn:
    """Record a relational check-in: the story of the period, from either side.

    The buyer's contract managers and the provider's own people may both write one.
    A check-in records contribution and learning, not blame, so only the story is
    required; it cannot be dated in the future.
    """
    permissions.require(by, "checkin.write", contract)
    story = story.strip()
    if not story:
        raise ContractInvalid(
            "Enter what happened for the people using the service.", field="story"
        )
    if held_on > timezone.localdate():
        raise ContractInvalid(
            "The date of the check-in must be today or in the past.", field="held_on"
        )
    checkin = CheckIn.objects.create(
        contract=contract,
        held_on=held_on,
        story=story,
        went_well=went_well.strip(),
        was_hard=was_hard.strip(),
        learning=learning.strip(),
        written_by=by,
    )
    audit_record(
        actor=by,
        verb="created",
        target=checkin,
        changes={"contract": contract.pk, "held_on": held_on.isoformat()},
    )
    return checkin
