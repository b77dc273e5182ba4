"""Telling people when a social value return waits for them, as it happens.

The provider hears when returns are asked for and when one is queried; the contract
manager hears when one is submitted. Each event has its own notification key (a return
submitted again after a query is a new event), so nobody is told twice about one event.
The late-return reminders are in social_value/reminders.py.
"""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from accounts.services import notification_send
from contracts.models import Contract
from contracts.selectors import buyer_people, provider_people
from core.formatting import uk_date
from social_value.models import DeliveryReturn


def _provider_side(contract: Contract) -> list[User]:
    # An in-house team's returns are written by the buyer's contract managers.
    return provider_people(contract) or buyer_people(contract)


def _send(people: list[User], by: User, key: str, subject: str, body: str, url: str) -> int:
    sent = 0
    for person in people:
        if person.pk != by.pk:
            sent += bool(
                notification_send(
                    recipient=person,
                    key=f"{key}:{person.pk}",
                    subject=subject,
                    body=body,
                    url=url,
                )
            )
    return sent


def returns_requested(*, contract: Contract, returns: list[DeliveryReturn], by: User) -> int:
    """The provider is asked for this period's returns: one message for all of them."""
    if not returns:
        return 0
    first = min(returns, key=lambda delivery_return: delivery_return.pk)
    measures = ", ".join(r.commitment.measure.name for r in returns)
    return _send(
        _provider_side(contract),
        by,
        key=f"returns-requested:{first.pk}",
        subject=f"Social value returns asked for: {contract.title}",
        body=(
            f"{contract.organisation} asks for your social value returns for {first.period}, "
            f"by {uk_date(first.due_date)}: {measures}."
        ),
        url=reverse("social_value:contract_social_value", args=[contract.pk]),
    )


def return_submitted(*, delivery_return: DeliveryReturn, by: User) -> int:
    """The contract manager is asked to check a submitted return."""
    contract = delivery_return.commitment.contract
    return _send(
        buyer_people(contract),
        by,
        key=f"return-submitted:{delivery_return.pk}:{delivery_return.submitted_at:%Y%m%d%H%M%S%f}",
        subject=f"Social value return to check: {contract.title}",
        body=(
            f"{contract.provider_display} has submitted the return on "
            f"“{delivery_return.commitment.measure.name}” for {delivery_return.period}. "
            "Check the evidence, then verify it or ask a question."
        ),
        url=reverse("social_value:return_detail", args=[delivery_return.pk]),
    )


def return_queried(*, delivery_return: DeliveryReturn, by: User) -> int:
    """The provider is told the manager has a question about its return."""
    contract = delivery_return.commitment.contract
    return _send(
        _provider_side(contract),
        by,
        key=f"return-queried:{delivery_return.pk}:{delivery_return.reviewed_at:%Y%m%d%H%M%S%f}",
        subject=f"A question about your social value return: {contract.title}",
        body=(
            f"The return on “{delivery_return.commitment.measure.name}” for "
            f"{delivery_return.period} has a question: {delivery_return.query_note}\n\n"
            "Answer it and submit the return again."
        ),
        url=reverse("social_value:return_detail", args=[delivery_return.pk]),
    )
