"""People are told when a social value return waits for them, once each."""

from __future__ import annotations

import datetime

import pytest

from accounts.models import Notification
from accounts.services import notification_email_send
from social_value import services
from tests.contracts.factories import ContractFactory
from tests.social_value.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    contract = ContractFactory(
        organisation=council,
        provider=supplier_org,
        contract_manager=contract_manager,
        title="Community meals",
    )
    CommitmentFactory(contract=contract, measure__name="Local jobs")
    CommitmentFactory(contract=contract, measure__name="Volunteer hours")
    return contract


def _request(contract, by):
    return services.returns_request(
        contract=contract,
        period="April to June 2027",
        due_date=datetime.date(2027, 7, 31),
        by=by,
    )


def test_the_provider_is_told_once_when_returns_are_asked_for(
    contract, contract_manager, supplier_user, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as queued:
        _request(contract, contract_manager)
        _request(contract, contract_manager)  # asking again for the period changes nothing
    assert len(queued) == 1  # the email, sent by a task

    told = Notification.objects.get(recipient=supplier_user)
    assert told.subject == "Social value returns asked for: Community meals"
    assert "Local jobs, Volunteer hours" in told.body
    assert "31 July 2027" in told.body
    notification_email_send(notification_id=told.pk)
    assert [message.to for message in mailoutbox] == [[supplier_user.email]]
    assert not Notification.objects.filter(recipient=contract_manager).exists()


def test_the_manager_is_told_of_each_submission_and_the_provider_of_each_query(
    contract, contract_manager, supplier_user
):
    delivery_return = _request(contract, contract_manager)[0]

    services.return_submit(
        delivery_return=delivery_return, quantity_delivered=3, evidence="Payroll.", by=supplier_user
    )
    to_manager = Notification.objects.filter(recipient=contract_manager)
    assert [n.subject for n in to_manager] == ["Social value return to check: Community meals"]

    services.return_query(
        delivery_return=delivery_return, note="Which payroll month?", by=contract_manager
    )
    asked = Notification.objects.filter(recipient=supplier_user, key__startswith="return-queried")
    assert "Which payroll month?" in asked.get().body

    # Submitted again after the query: a new event, so the manager is told again.
    delivery_return.refresh_from_db()
    services.return_submit(
        delivery_return=delivery_return, quantity_delivered=3, evidence="March.", by=supplier_user
    )
    assert Notification.objects.filter(recipient=contract_manager).count() == 2
