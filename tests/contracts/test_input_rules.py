"""Bad input on contract pages is refused with a reason and what was typed is kept: check-ins
are scheduled within the contract, actions are due today or later, check-in text has a
limit shown before typing."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts import services
from contracts.models import (
    Action,
    CheckIn,
    CheckInContribution,
    Contract,
    ContractStatus,
    ExtensionOption,
)
from contracts.services import ContractInvalid
from tests.contracts.factories import CheckInFactory, ContractFactory
from tests.dates import date_fields

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_clock"),
]


@pytest.fixture
def _clock():
    with time_machine.travel("2027-07-01 12:00:00+01:00", tick=False):
        yield


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    # Runs from 1 April 2026 to 31 March 2028.
    return ContractFactory(
        organisation=council, provider=supplier_org, contract_manager=contract_manager
    )


@pytest.fixture
def checkin(contract):
    return CheckInFactory(contract=contract, held_on=datetime.date(2027, 6, 30))


# --- Check-ins are scheduled within the contract ----------------------------------------------
@pytest.mark.parametrize("first_on", [datetime.date(2026, 3, 31), datetime.date(2028, 4, 1)])
def test_a_check_in_outside_the_contract_is_refused(contract, contract_manager, first_on):
    with pytest.raises(ContractInvalid, match="within the contract, from 1 April 2026") as refused:
        services.checkin_schedule(contract=contract, first_on=first_on, by=contract_manager)
    assert refused.value.field == "first_on"
    assert not CheckIn.objects.exists()


def test_a_series_that_runs_past_the_end_is_refused(contract, contract_manager):
    with pytest.raises(ContractInvalid, match="after the contract ends") as refused:
        services.checkin_schedule(
            contract=contract,
            first_on=datetime.date(2027, 10, 1),
            cadence_months=3,
            count=4,
            by=contract_manager,
        )
    assert refused.value.field == "count"
    assert not CheckIn.objects.exists()


def test_check_ins_on_the_first_and_last_days_are_fine(contract, contract_manager):
    services.checkin_schedule(
        contract=contract, first_on=datetime.date(2026, 4, 1), by=contract_manager
    )
    services.checkin_schedule(
        contract=contract, first_on=datetime.date(2028, 3, 31), by=contract_manager
    )
    assert CheckIn.objects.count() == 2


def test_the_schedule_page_says_why_and_keeps_the_typing(client, contract, contract_manager):
    client.force_login(contract_manager)

    response = client.post(
        reverse("contracts:checkin_schedule", args=[contract.pk]),
        {**date_fields("first_on", datetime.date(2028, 5, 1)), "cadence_months": "3", "count": "2"},
    )

    assertContains(response, 'href="#id_first_on_0">The date of the first check-in must be within')
    assertContains(response, 'id="id_first_on-error"')
    assertContains(response, 'name="first_on_0" value="1"')
    assertContains(response, 'name="first_on_1" value="5"')
    assertContains(response, 'value="2"')
    assert not CheckIn.objects.exists()


def test_a_series_past_the_year_9999_is_refused_as_after_the_end(
    client, contract, contract_manager
):
    """Once a server error: the dates of the series ran past the last year a date holds."""
    Contract.objects.filter(pk=contract.pk).update(end_date=datetime.date(9999, 12, 31))
    client.force_login(contract_manager)
    response = client.post(
        reverse("contracts:checkin_schedule", args=[contract.pk]),
        {**date_fields("first_on", datetime.date(9999, 6, 1)), "cadence_months": "6", "count": "3"},
    )
    assertContains(response, "The last check-in would be after the contract ends on 31 December")
    assert not CheckIn.objects.exists()


# --- An extension option is taken up within the calendar -------------------------------------
def test_an_option_that_would_run_past_the_year_9999_is_refused(client, contract, contract_manager):
    """Once a server error: the new end date was past the last year a date holds."""
    Contract.objects.filter(pk=contract.pk).update(
        status=ContractStatus.ACTIVE, end_date=datetime.date(9999, 6, 30)
    )
    option = ExtensionOption.objects.create(contract=contract, months=12)
    client.force_login(contract_manager)
    response = client.post(
        reverse("contracts:extension_option_use", args=[contract.pk, option.pk]), follow=True
    )
    assertContains(response, "The contract cannot run on past 31 December 9999")
    assertNotContains(response, "The contract is extended.")
    contract.refresh_from_db()
    option.refresh_from_db()
    assert (contract.status, contract.end_date) == ("active", datetime.date(9999, 6, 30))
    assert option.used_at is None


# --- Actions are due today or later -------------------------------------------------------------
def test_an_action_due_in_the_past_is_refused(contract, contract_manager):
    with pytest.raises(ContractInvalid, match="today or in the future") as refused:
        services.action_add(
            contract=contract,
            description="Fix the fridge",
            owner="Hub manager",
            due_date=datetime.date(2027, 6, 30),
            by=contract_manager,
        )
    assert refused.value.field == "due_date"
    action = services.action_add(
        contract=contract,
        description="Fix the fridge",
        owner="Hub manager",
        due_date=datetime.date(2027, 7, 1),
        by=contract_manager,
    )
    assert action.due_date == datetime.date(2027, 7, 1)


def test_the_check_in_page_refuses_a_past_due_date_and_keeps_the_typing(
    client, contract, checkin, supplier_user
):
    client.force_login(supplier_user)

    response = client.post(
        reverse("contracts:action_create", args=[contract.pk, checkin.pk]),
        {
            "description": "Fix the fridge",
            "owner": "Hub manager",
            **date_fields("due_date", datetime.date(2027, 6, 1)),
        },
    )

    assertContains(response, 'href="#id_due_date_0">The date must be today or in the future')
    assertContains(response, 'name="due_date_1" value="6"')
    assertContains(response, "Fix the fridge</textarea>")
    assertContains(response, 'value="Hub manager"')
    assert not Action.objects.exists()


# --- Check-in text has a limit shown before typing ---------------------------------------------
def test_the_check_in_form_shows_its_limits_before_typing(client, contract, contract_manager):
    client.force_login(contract_manager)

    response = client.get(reverse("contracts:contract_detail", args=[contract.pk]))

    assertContains(response, 'data-maxlength="5000"', count=1)
    assertContains(response, "You can enter up to 5000 characters")
    assertContains(response, 'data-maxlength="2000"', count=4)
    # No maxlength attribute: a browser would cut a pasted story short without a word.
    assertNotContains(response, ' maxlength="5000"')


def test_a_long_story_keeps_the_typing_and_says_the_limit(client, contract, contract_manager):
    client.force_login(contract_manager)
    story = "Forty families came each week. " * 170

    response = client.post(
        reverse("contracts:checkin_create", args=[contract.pk]),
        {
            **date_fields("held_on", datetime.date(2027, 6, 30)),
            "story": story,
            "went_well": "The new cook.",
        },
    )

    assertContains(response, 'href="#id_story">The story must be 5,000 characters or fewer')
    assertContains(response, f"{story}</textarea>")
    assertContains(response, "The new cook.</textarea>")
    assert not CheckInContribution.objects.exists()
