"""Each reminder goes once, however often the job runs."""

import datetime

import pytest

from accounts.models import Notification
from contracts import reminders, services
from contracts.models import ContractStatus
from tests.contracts.factories import ActionFactory, CheckInFactory, ContractFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 7, 1)


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    return ContractFactory(
        organisation=council,
        provider=supplier_org,
        contract_manager=contract_manager,
        status=ContractStatus.ACTIVE,
        end_date=datetime.date(2029, 3, 31),
    )


@pytest.mark.parametrize("days", [7, 1])
def test_checkin_due_reminder_goes_to_both_sides_once(
    days, contract, contract_manager, supplier_user
):
    CheckInFactory(contract=contract, held_on=TODAY + datetime.timedelta(days=days))

    assert reminders.checkin_reminders_send(today=TODAY) == 2
    assert reminders.checkin_reminders_send(today=TODAY) == 0

    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {contract_manager.pk, supplier_user.pk}


def test_no_checkin_reminder_on_other_days(contract):
    CheckInFactory(contract=contract, held_on=TODAY + datetime.timedelta(days=3))
    assert reminders.checkin_reminders_send(today=TODAY) == 0


def test_overdue_action_reminds_the_contract_manager_once(contract, contract_manager):
    ActionFactory(contract=contract, due_date=TODAY - datetime.timedelta(days=1))
    ActionFactory(contract=contract, due_date=TODAY + datetime.timedelta(days=1))

    assert reminders.action_reminders_send(today=TODAY) == 1
    assert reminders.action_reminders_send(today=TODAY) == 0
    assert Notification.objects.get().recipient == contract_manager


@pytest.mark.parametrize(
    ("end_date", "months"),
    [
        (datetime.date(2028, 4, 1), 9),
        (datetime.date(2028, 1, 1), 6),
        (datetime.date(2027, 9, 30), 3),
    ],
)
def test_expiry_reminder_names_the_nearest_milestone_once(contract, end_date, months):
    contract.end_date = end_date
    contract.save()

    assert reminders.expiry_reminders_send(today=TODAY) == 1
    assert reminders.expiry_reminders_send(today=TODAY) == 0
    assert f"ends in {months} months" in Notification.objects.get().subject


def test_a_decision_stops_expiry_reminders(contract, contract_manager):
    contract.end_date = datetime.date(2027, 9, 30)
    contract.save()
    services.recommissioning_decide(
        contract=contract,
        decision="reprocure",
        reason="The market has changed.",
        by=contract_manager,
    )
    assert reminders.expiry_reminders_send(today=TODAY) == 0


def test_far_off_end_sends_no_expiry_reminder(contract):
    assert reminders.expiry_reminders_send(today=TODAY) == 0


def test_the_beat_task_runs_every_reminder(contract, supplier_user):
    from django.utils import timezone

    from contracts.tasks import send_reminders

    CheckInFactory(contract=contract, held_on=timezone.localdate() + datetime.timedelta(days=7))
    assert send_reminders() == 2
    assert send_reminders() == 0
