"""Managing a contract through its pages, as the contract manager does: check-ins put in
the diary, the buyer's side written with ratings, actions carried into the next check-in,
KPIs with readings and an assessment, a change, an extension option taken up, the
decision on what happens next, and the learning log."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from contracts import services
from contracts.models import (
    Action,
    CheckIn,
    Contract,
    ContractStatus,
    Decision,
    LearningEntry,
    PerformanceAssessment,
)
from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import ContractFactory
from tests.dates import date_fields

pytestmark = pytest.mark.django_db


def _url(name: str, *args: Any) -> str:
    return reverse(f"contracts:{name}", args=args)


@pytest.fixture
def contract(council: Any, supplier_org: Any, contract_manager: Any) -> Any:
    return ContractFactory(
        organisation=council,
        provider=supplier_org,
        title="Holiday meals",
        value=Decimal("6000000"),
        status=ContractStatus.ACTIVE,
        end_date=datetime.date(2028, 3, 31),
        contract_manager=contract_manager,
    )


# --- Check-ins ---------------------------------------------------------------------------
def test_manager_schedules_a_checkin_and_writes_the_buyers_side_with_a_rating(
    client: Any, contract: Any, contract_manager: Any, supplier_user: Any
) -> None:
    today = timezone.localdate()
    client.force_login(contract_manager)
    response = client.post(
        _url("checkin_schedule", contract.pk),
        {**date_fields("first_on", today), "cadence_months": "", "count": "1"},
        follow=True,
    )
    assertContains(response, "The check-ins are in the diary.")
    checkin = CheckIn.objects.get(contract=contract)
    assert checkin.held_on == today

    response = client.post(
        _url("checkin_contribute", contract.pk, checkin.pk),
        {
            "side": "buyer",
            "submit": "yes",
            "buyer-story": "Twelve young people met their mentors every week.",
            "buyer-trust_score": "1",
        },
        follow=True,
    )
    assertContains(response, "Your part of the check-in is submitted.")
    assertContains(response, "Waiting for: Provider side.")
    contribution = checkin.contributions.get(side="buyer")
    assert contribution.is_submitted
    assert contribution.ratings.get(dimension="trust").score == 1

    # The provider does not read the buyer's side before writing its own.
    client.force_login(supplier_user)
    response = client.get(_url("checkin_detail", contract.pk, checkin.pk))
    assertNotContains(response, "Twelve young people met their mentors")


def test_an_action_agreed_at_a_checkin_is_carried_into_the_next_one(
    client: Any, contract: Any, contract_manager: Any
) -> None:
    today = timezone.localdate()
    client.force_login(contract_manager)
    client.post(
        _url("checkin_schedule", contract.pk), {**date_fields("first_on", today), "count": "1"}
    )
    first = CheckIn.objects.get(contract=contract)
    action_url = _url("action_create", contract.pk, first.pk)
    assertContains(
        client.post(action_url, {"description": "", "owner": ""}), "Enter who will do it."
    )
    response = client.post(
        action_url,
        {"description": "Find a second venue for sessions", "owner": "Young Futures coordinator"},
        follow=True,
    )
    assertContains(response, "The action is added.")
    assert Action.objects.get().raised_in == first
    assertContains(client.get(_url("contract_detail", contract.pk)), "Find a second venue")

    later = today + datetime.timedelta(days=90)
    client.post(
        _url("checkin_schedule", contract.pk), {**date_fields("first_on", later), "count": "1"}
    )
    second = CheckIn.objects.get(contract=contract, held_on=later)
    page = client.get(_url("checkin_detail", contract.pk, second.pk)).content.decode()
    carried = page.split('id="carried-forward"')[1].split("</ul>")[0]
    assert "Find a second venue for sessions" in carried


# --- Performance -------------------------------------------------------------------------
def test_manager_adds_a_kpi_records_a_reading_and_assesses_performance(
    client: Any, contract: Any, contract_manager: Any
) -> None:
    client.force_login(contract_manager)
    assertContains(client.get(_url("contract_detail", contract.pk)), "need at least 3 KPIs")
    response = client.post(_url("kpi_create", contract.pk), {"name": "", "measure": ""})
    assertContains(response, "govuk-error-summary")
    assertContains(response, "Enter the name of the KPI.")
    response = client.post(
        _url("kpi_create", contract.pk),
        {
            "name": "Meals served",
            "measure": "Till count at each school",
            "target": "2,000 a holiday",
            "frequency": "quarterly",
        },
        follow=True,
    )
    assertContains(response, "The KPI is added.")
    kpi = contract.kpis.get()

    response = client.post(
        _url("reading_add", contract.pk),
        {"kpi": kpi.pk, "period": "Summer 2027", "value": "1,900"},
        follow=True,
    )
    assertContains(response, "The reading is recorded.")
    assert kpi.readings.get().value == "1,900"

    response = client.post(
        _url("assessment_create", contract.pk),
        {
            "period": "2027 to 2028",
            **date_fields("assessed_on", datetime.date(2028, 4, 1)),
            "narrative": "A strong first year.",
            f"kpi_{kpi.pk}": "approaching",
        },
        follow=True,
    )
    assertContains(response, "The performance assessment is recorded.")
    assessment = PerformanceAssessment.objects.get(contract=contract)
    assert assessment.ratings.get(kpi=kpi).rating == "approaching"


def test_an_assessment_needs_a_rating_for_every_kpi(
    client: Any, contract: Any, contract_manager: Any
) -> None:
    kpi = contract.kpis.create(name="Meals served", measure="Tills", target="2,000")
    client.force_login(contract_manager)
    response = client.post(
        _url("assessment_create", contract.pk),
        {
            "period": "2027 to 2028",
            **date_fields("assessed_on", datetime.date(2028, 4, 1)),
            "narrative": "A strong year.",
        },
    )
    assertContains(response, f"Choose a rating for {kpi.name}.")
    assertContains(response, "A strong year.")
    assert not PerformanceAssessment.objects.exists()


# --- Changes, extension and what happens next ----------------------------------------------
def test_a_change_past_a_contracts_largest_value_is_refused_with_nothing_logged(
    client: Any, contract: Any, contract_manager: Any
) -> None:
    """The value stops at £999,999,999,999.99; before, a change past it was a server
    error (the database refused the new value)."""
    client.force_login(contract_manager)
    response = client.post(
        _url("modification_create", contract.pk),
        {
            **date_fields("made_on", datetime.date(2027, 6, 1)),
            "description": "Add every school in the country",
            "reason": "A typing mistake",
            "value_change": "999999999999.99",
        },
    )
    assertContains(response, "The change would make the value more than £999,999,999,999.99.")
    assert not contract.modifications.exists()
    assert Contract.objects.get(pk=contract.pk).value == contract.value


def test_manager_logs_a_change_and_takes_up_an_extension_option(
    client: Any, contract: Any, contract_manager: Any
) -> None:
    client.force_login(contract_manager)
    response = client.post(
        _url("modification_create", contract.pk),
        {
            **date_fields("made_on", datetime.date(2027, 6, 1)),
            "description": "Add two more schools",
            "reason": "Families in Hollowgate asked for it",
            "value_change": "20000",
        },
        follow=True,
    )
    assertContains(response, "The change is logged.")
    assertContains(response, "£6,020,000")

    response = client.post(
        _url("extension_option_create", contract.pk), {"months": "12"}, follow=True
    )
    assertContains(response, "The extension option is added.")
    option = contract.extension_options.get()
    response = client.post(_url("extension_option_use", contract.pk, option.pk), follow=True)
    assertContains(response, "The contract is extended.")
    assertContains(response, "31 March 2029")
    contract.refresh_from_db()
    assert contract.end_date == datetime.date(2029, 3, 31)
    # An option is taken up once.
    response = client.post(_url("extension_option_use", contract.pk, option.pk), follow=True)
    assertNotContains(response, "The contract is extended.")
    contract.refresh_from_db()
    assert contract.end_date == datetime.date(2029, 3, 31)


def test_a_contract_with_two_options_is_extended_by_each_in_turn(
    client: Any, contract: Any, contract_manager: Any
) -> None:
    """A "1 + 1" contract: the second option is offered, and taken, once the first is used."""
    client.force_login(contract_manager)
    first, second = (
        services.extension_option_add(contract=contract, months=12, by=contract_manager),
        services.extension_option_add(contract=contract, months=6, by=contract_manager),
    )
    client.post(_url("extension_option_use", contract.pk, first.pk))
    response = client.get(_url("contract_detail", contract.pk))
    assertContains(response, "Use the option to extend by 6 months")
    assertNotContains(response, "Use the option to extend by 12 months")
    response = client.post(_url("extension_option_use", contract.pk, second.pk), follow=True)
    assertContains(response, "The contract is extended.")
    assertContains(response, "30 September 2029")
    contract.refresh_from_db()
    assert (contract.status, contract.end_date) == ("in_extension", datetime.date(2029, 9, 30))
    assert not contract.extension_options.filter(used_at=None).exists()


def test_manager_decides_what_happens_when_the_contract_ends(
    client: Any, contract: Any, contract_manager: Any
) -> None:
    client.force_login(contract_manager)
    response = client.post(_url("decision_create", contract.pk), {"decision": "reprocure"})
    assertContains(response, "Enter the reasons for the decision.")
    response = client.post(
        _url("decision_create", contract.pk),
        {"decision": "reprocure", "reason": "New local providers have emerged."},
        follow=True,
    )
    assertContains(response, "The decision is recorded.")
    assert contract.recommissioning_decisions.get().decision == Decision.REPROCURE


def test_manager_shares_learning_that_anyone_can_read(
    client: Any, council: Any, contract: Any, contract_manager: Any
) -> None:
    mission = MissionFactory(organisation=council, title="Every child eats well")
    client.force_login(contract_manager)
    response = client.post(
        _url("learning_create", contract.pk),
        {
            "title": "Cook with parents",
            "body": "Parents who cook stay on as volunteers.",
            "is_public": "on",
            "missions": [mission.pk],
        },
        follow=True,
    )
    assertContains(response, "The learning is added to the log.")
    entry = LearningEntry.objects.get()
    assert (entry.contract, entry.is_public) == (contract, True)
    assert list(entry.missions.all()) == [mission]
    assertContains(client.get(_url("learning_list")), "Cook with parents")
    client.logout()
    assertContains(client.get(_url("learning_public")), "Cook with parents")
