"""Telling people when something waits for them on a contract, as it happens.

The reminders (contracts/reminders.py) run on a schedule; these are sent by the services
at the moment of the event. Each has its own notification key, so an event replayed
after a retry never tells anyone twice (accounts.services.notification_send).
"""

from __future__ import annotations

from django.urls import reverse

from accounts.models import BUYER_STAFF_ROLES, User
from accounts.services import notification_send
from contracts.models import Action, CheckIn, Contract, Side
from contracts.selectors import buyer_people, provider_people
from core.formatting import uk_date


def _people_of(contract: Contract, side: str) -> list[User]:
    if side == Side.BUYER:
        return buyer_people(contract)
    # An in-house team is not an organisation: the buyer's managers speak for it.
    return provider_people(contract) or buyer_people(contract)


def checkin_side_submitted(*, checkin: CheckIn, side: str, by: User) -> int:
    """One side has submitted its part: the other side is asked for theirs (or told the
    check-in is shared), and the contract manager hears either way."""
    contract = checkin.contract
    other = Side.PROVIDER if side == Side.BUYER else Side.BUYER
    people = {person.pk: person for person in _people_of(contract, other) + buyer_people(contract)}
    people.pop(by.pk, None)
    url = reverse("contracts:checkin_detail", args=[contract.pk, checkin.pk])
    who = Side(side).label.lower()
    sent = 0
    for person in people.values():
        sent += bool(
            notification_send(
                recipient=person,
                key=f"checkin-submitted:{checkin.pk}:{side}:{person.pk}",
                subject=f"The {who} has written their side of a check-in: {contract.title}",
                body=(
                    f"The {who} side of the check-in for {contract.title} is submitted. "
                    "If you have not written your side yet, write it now: both sides see "
                    "each other's once both are in."
                ),
                url=url,
            )
        )
    return sent


def action_assigned(*, action: Action, by: User) -> int:
    """Tell the person an action is for, when its owner names someone in Kindred on either
    side of the contract (by name or email address). A team or a role is not a person,
    so nobody is told; the action still shows on the contract and its check-ins."""
    contract = action.contract
    owner = action.owner.strip().casefold()
    candidates = buyer_staff(contract) + provider_people(contract)
    named = {
        person.pk: person
        for person in candidates
        if owner in {person.email.casefold(), (person.full_name or "").strip().casefold()}
    }
    named.pop(by.pk, None)
    sent = 0
    for person in named.values():
        due = f" by {uk_date(action.due_date)}" if action.due_date else ""
        sent += bool(
            notification_send(
                recipient=person,
                key=f"action-assigned:{action.pk}:{person.pk}",
                subject=f"An action for you: {contract.title}",
                body=f"You agreed to do this{due}: “{action.description}”.",
                url=reverse("contracts:contract_detail", args=[contract.pk]),
            )
        )
    return sent


def buyer_staff(contract: Contract) -> list[User]:
    """Everyone at the buyer who may be named on an action: its staff, not only managers."""
    return list(
        User.objects.filter(
            memberships__organisation_id=contract.organisation_id,
            memberships__role__in=BUYER_STAFF_ROLES,
            is_active=True,
        ).distinct()
    )
