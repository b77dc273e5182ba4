"""Reminders about contracts: check-ins due, overdue actions and expiry.

social_value.reminders reminds about late social value returns, using the people named here.

Each reminder has its own notification key, so the jobs can run as often as beat likes
and nobody hears about the same thing twice.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse

from accounts.services import notification_send
from contracts.models import Action, CheckIn, CheckInStatus, Contract, ContractStatus
from contracts.selectors import buyer_people, provider_people
from contracts.services import add_months
from core.formatting import uk_date

CHECKIN_NOTICE_DAYS = (7, 1)
EXPIRY_NOTICE_MONTHS = (9, 6, 3)


def checkin_reminders_send(*, today: datetime.date) -> int:
    """Remind both sides 7 days and 1 day before a check-in that has not been shared."""
    sent = 0
    for days in CHECKIN_NOTICE_DAYS:
        due = today + datetime.timedelta(days=days)
        checkins = (
            CheckIn.objects.filter(held_on=due)
            .exclude(status=CheckInStatus.PUBLISHED)
            .select_related("contract__contract_manager")
        )
        for checkin in checkins:
            contract = checkin.contract
            url = reverse("contracts:checkin_detail", args=[contract.pk, checkin.pk])
            when = "tomorrow" if days == 1 else f"in {days} days"
            for person in buyer_people(contract) + provider_people(contract):
                sent += bool(
                    notification_send(
                        recipient=person,
                        key=f"checkin-due:{checkin.pk}:{days}:{person.pk}",
                        subject=f"Check-in {when}: {contract.title}",
                        body=(
                            f"The check-in for {contract.title} is on "
                            f"{uk_date(checkin.held_on)}. Write your side of it: the story "
                            "of the period, what went well, what was hard and what you learned."
                        ),
                        url=url,
                    )
                )
    return sent


def action_reminders_send(*, today: datetime.date) -> int:
    """Tell the contract manager once about each open action that is past its date."""
    sent = 0
    actions = Action.objects.filter(done_at__isnull=True, due_date__lt=today).select_related(
        "contract__contract_manager"
    )
    for action in actions:
        contract = action.contract
        for person in buyer_people(contract):
            sent += bool(
                notification_send(
                    recipient=person,
                    key=f"action-overdue:{action.pk}:{person.pk}",
                    subject=f"Action past its date: {contract.title}",
                    body=(
                        f"“{action.description}” ({action.owner}) was due on "
                        f"{uk_date(action.due_date)} and is not marked as done."
                    ),
                    url=reverse("contracts:contract_detail", args=[contract.pk]),
                )
            )
    return sent


def expiry_reminders_send(*, today: datetime.date) -> int:
    """Ask the contract manager for a re-commissioning decision 9, 6 and 3 months before the end.

    Only the nearest milestone already reached is sent, so a contract added late does not
    bring three reminders at once. A recorded decision stops the reminders.
    """
    sent = 0
    horizon = add_months(today, max(EXPIRY_NOTICE_MONTHS))
    contracts = (
        Contract.objects.filter(
            status__in=[
                ContractStatus.MOBILISING,
                ContractStatus.ACTIVE,
                ContractStatus.IN_EXTENSION,
            ],
            end_date__gte=today,
            end_date__lte=horizon,
        )
        .filter(Q(recommissioning_decisions__isnull=True))
        .select_related("contract_manager")
    )
    for contract in contracts:
        reached = [m for m in EXPIRY_NOTICE_MONTHS if today >= add_months(contract.end_date, -m)]
        months = min(reached)
        for person in buyer_people(contract):
            sent += bool(
                notification_send(
                    recipient=person,
                    key=f"expiry:{contract.pk}:{contract.end_date.isoformat()}:{months}:{person.pk}",
                    subject=f"{contract.title} ends in {months} months",
                    body=(
                        f"{contract.title} ends on {uk_date(contract.end_date)}. Decide what "
                        "happens next: extend, buy again, bring the service in-house or stop it."
                    ),
                    url=reverse("contracts:decision_create", args=[contract.pk]),
                )
            )
    return sent


def all_reminders_send(*, today: datetime.date) -> int:
    return (
        checkin_reminders_send(today=today)
        + action_reminders_send(today=today)
        + expiry_reminders_send(today=today)
    )
