"""People are told when a check-in or an action waits for them, once each."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest

from accounts.models import Notification
from accounts.services import notification_email_send
from accounts.tasks import send_notification_email
from contracts import services
from tests.contracts.factories import CheckInFactory, ContractFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    return ContractFactory(
        organisation=council,
        provider=supplier_org,
        contract_manager=contract_manager,
        title="Community meals",
    )


@pytest.fixture
def checkin(contract):
    return CheckInFactory(contract=contract, held_on=datetime.date(2026, 7, 1))


def _submit(checkin, side, by):
    return services.checkin_contribute(
        checkin=checkin, side=side, story="Hot meals for 200 children.", submit=True, by=by
    )


def test_the_provider_submitting_tells_the_manager(
    checkin, contract_manager, supplier_user, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as queued:
        _submit(checkin, "provider", supplier_user)
    # Once the change commits, one email task is sent (other callbacks refresh indexes).
    with mock.patch.object(send_notification_email, "apply_async") as send:
        for callback in queued:
            callback()
    assert send.call_count == 1

    told = Notification.objects.get()
    assert told.recipient == contract_manager
    assert told.subject == "The provider has written their side of a check-in: Community meals"
    assert told.url == f"/contracts/{checkin.contract_id}/check-ins/{checkin.pk}/"
    notification_email_send(notification_id=told.pk)
    assert [message.to for message in mailoutbox] == [[contract_manager.email]]


def test_the_buyer_submitting_tells_the_provider_and_not_the_author(
    checkin, contract_manager, supplier_user
):
    _submit(checkin, "buyer", contract_manager)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [supplier_user.pk]


def test_a_draft_tells_nobody(checkin, supplier_user):
    services.checkin_contribute(
        checkin=checkin, side="provider", story="Still writing.", submit=False, by=supplier_user
    )
    assert not Notification.objects.exists()


def test_an_action_tells_the_person_named_once(contract, contract_manager, supplier_user):
    services.action_add(
        contract=contract,
        description="Send the menu",
        owner=supplier_user.full_name,
        by=contract_manager,
    )
    services.action_add(
        contract=contract,
        description="Book the hall",
        owner=supplier_user.email.upper(),
        by=contract_manager,
    )
    told = Notification.objects.filter(recipient=supplier_user).order_by("pk")
    assert [n.subject for n in told] == ["An action for you: Community meals"] * 2
    assert "“Send the menu”" in told[0].body


def test_an_action_for_a_team_or_someone_elsewhere_tells_nobody(
    contract, contract_manager, other_commissioner
):
    services.action_add(
        contract=contract,
        description="Paint the hall",
        owner="Caretaking team",
        by=contract_manager,
    )
    services.action_add(
        contract=contract,
        description="Share the figures",
        owner=other_commissioner.full_name,
        by=contract_manager,
    )
    assert not Notification.objects.exists()


def test_an_action_for_a_colleague_at_the_buyer_tells_them(contract, contract_manager, council):
    colleague = MembershipFactory(organisation=council, role="commissioner").user
    services.action_add(
        contract=contract, description="Ask finance", owner=colleague.email, by=contract_manager
    )
    assert Notification.objects.get().recipient == colleague
