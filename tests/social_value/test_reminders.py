"""A late social value return is reminded once, however often the job runs."""

import datetime

import pytest

from accounts.models import Notification
from social_value import reminders
from social_value.models import ReturnStatus
from tests.contracts.factories import ContractFactory
from tests.social_value.factories import CommitmentFactory, DeliveryReturnFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 7, 1)


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    return ContractFactory(
        organisation=council, provider=supplier_org, contract_manager=contract_manager
    )


def test_late_return_reminds_the_provider_once(contract, supplier_user):
    DeliveryReturnFactory(
        commitment=CommitmentFactory(contract=contract), due_date=TODAY - datetime.timedelta(days=2)
    )
    assert reminders.return_reminders_send(today=TODAY) == 1
    assert reminders.return_reminders_send(today=TODAY) == 0
    assert Notification.objects.get().recipient == supplier_user


def test_return_not_yet_due_sends_no_reminder(contract):
    DeliveryReturnFactory(
        commitment=CommitmentFactory(contract=contract), due_date=TODAY + datetime.timedelta(days=2)
    )
    assert reminders.return_reminders_send(today=TODAY) == 0


def test_queried_return_is_reminded_again_once(contract, supplier_user):
    delivery_return = DeliveryReturnFactory(
        commitment=CommitmentFactory(contract=contract), due_date=TODAY - datetime.timedelta(days=2)
    )
    assert reminders.return_reminders_send(today=TODAY) == 1
    delivery_return.status = ReturnStatus.QUERIED
    delivery_return.save()

    assert reminders.return_reminders_send(today=TODAY) == 1
    assert reminders.return_reminders_send(today=TODAY) == 0


def test_in_house_return_reminds_the_contract_manager(council, contract_manager):
    in_house = ContractFactory(
        organisation=council,
        kind="in_house",
        provider=None,
        provider_name="Early help team",
        contract_manager=contract_manager,
    )
    DeliveryReturnFactory(
        commitment=CommitmentFactory(contract=in_house), due_date=TODAY - datetime.timedelta(days=2)
    )
    assert reminders.return_reminders_send(today=TODAY) == 1
    assert Notification.objects.get().recipient == contract_manager


def test_the_beat_task_sends_late_return_reminders(contract, supplier_user):
    from django.utils import timezone

    from social_value.tasks import send_return_reminders

    DeliveryReturnFactory(
        commitment=CommitmentFactory(contract=contract),
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert send_return_reminders() == 1
    assert send_return_reminders() == 0
