"""Reads for the contract register and check-ins, with constant query counts."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Organisation, OrganisationKind, Role, User
from commissioning.models import Mission, Place
from contracts.models import CheckIn, Contract


def contracts_for(organisation: Organisation, *, status: str = "") -> QuerySet[Contract]:
    """A public body's register, or, for a supplier, only the contracts it provides."""
    if organisation.is_supplier:
        contracts = Contract.objects.filter(provider=organisation)
    else:
        contracts = Contract.objects.filter(organisation=organisation)
    if status:
        contracts = contracts.filter(status=status)
    return contracts.select_related("organisation", "provider")


def contract_get(pk: int) -> Contract | None:
    """One contract with everything its page shows about it."""
    return (
        Contract.objects.select_related(
            "organisation", "provider", "contract_manager", "commission", "tender"
        )
        .prefetch_related("missions", "places")
        .filter(pk=pk)
        .first()
    )


def checkins_for(contract: Contract) -> QuerySet[CheckIn]:
    """The contract's check-ins, newest first."""
    return contract.checkins.select_related("written_by").order_by("-held_on", "-pk")


def provider_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.SUPPLIER).order_by("name")


def contract_manager_choices(organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Role.CONTRACT_MANAGER,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def mission_choices(organisation: Organisation) -> QuerySet[Mission]:
    return Mission.objects.filter(organisation=organisation).order_by("title")


def place_choices(organisation: Organisation) -> QuerySet[Place]:
    return Place.objects.filter(organisation=organisation).order_by("name")
