"""Reminders about social value: returns that are late.

Each reminder has its own notification key, so the job can run as often as beat likes
and nobody hears about the same return twice.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from accounts.services import notification_send
from contracts.selectors import buyer_people, provider_people
from core.formatting import uk_date
from social_value.models import DeliveryReturn, ReturnStatus


def return_reminders_send(*, today: datetime.date) -> int:
    """Remind the provider once about each social value return that is late.

    A return queried by the manager is reminded again, once, under its own key.
    """
    sent = 0
    late = DeliveryReturn.objects.filter(
        status__in=[ReturnStatus.DUE, ReturnStatus.QUERIED], due_date__lt=today
    ).select_related("commitment__measure", "commitment__contract__contract_manager")
    for delivery_return in late:
        contract = delivery_return.commitment.contract
        # An in-house team's returns are written by the buyer's contract managers.
        people = provider_people(contract) or buyer_people(contract)
        for person in people:
            sent += bool(
                notification_send(
                    recipient=person,
                    key=f"return-late:{delivery_return.pk}:{delivery_return.status}:{person.pk}",
                    subject=f"Social value return late: {contract.title}",
                    body=(
                        f"The return on “{delivery_return.commitment.measure.name}” for "
                        f"{delivery_return.period} was due on "
                        f"{uk_date(delivery_return.due_date)}."
                    ),
                    url=reverse("social_value:return_detail", args=[delivery_return.pk]),
                )
            )
    return sent
