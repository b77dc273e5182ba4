"""The contract edit page: what changes later, by whom, and always on the record."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent
from contracts import services
from contracts.models import Contract, Modification
from tests.commissioning.factories import MissionFactory, OutcomeFactory, PlaceFactory
from tests.contracts.factories import ContractFactory
from tests.dates import date_fields
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council, supplier_org):
    return ContractFactory(
        organisation=council, provider=supplier_org, title="Community meals", value=100000
    )


def _edit_url(contract: Contract) -> str:
    return reverse("contracts:contract_edit", args=[contract.pk])


def _post_data(contract: Contract, **overrides: object) -> dict[str, object]:
    data = {
        "title": contract.title,
        "contract_manager": contract.contract_manager_id or "",
        **date_fields("start_date", contract.start_date),
        **date_fields("end_date", contract.end_date),
        "value": str(contract.value),
        "value_reason": "",
    }
    for name, value in overrides.items():
        data.update(date_fields(name, value) if isinstance(value, datetime.date) else {name: value})
    return data


def test_a_manager_changes_the_links_title_and_dates_and_each_change_is_audited(
    client, council, contract, contract_manager
):
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    outcome = OutcomeFactory(mission=mission, title="Fewer families go hungry")
    place = PlaceFactory(organisation=council, name="Riverside ward")
    client.force_login(contract_manager)

    response = client.post(
        _edit_url(contract),
        _post_data(
            contract,
            title="Community meals on the estates",
            contract_manager=contract_manager.pk,
            end_date=datetime.date(2029, 3, 31),
            missions=[mission.pk],
            outcomes=[outcome.pk],
            places=[place.pk],
        ),
    )

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.title == "Community meals on the estates"
    assert contract.contract_manager == contract_manager
    assert contract.end_date == datetime.date(2029, 3, 31)
    assert list(contract.missions.all()) == [mission]
    assert list(contract.outcomes.all()) == [outcome]
    assert list(contract.places.all()) == [place]
    event = AuditEvent.objects.get(verb="edited", target_id=str(contract.pk))
    assert event.actor == contract_manager
    assert event.changes["title"] == ["Community meals", "Community meals on the estates"]
    assert event.changes["end_date"] == ["2028-03-31", "2029-03-31"]
    assert event.changes["missions"] == [[], [mission.pk]]
    assert "value" not in event.changes
    page = client.get(reverse("contracts:contract_detail", args=[contract.pk]))
    assertContains(page, "Everyone eats well")
    assertContains(page, "Riverside ward")


def test_a_new_value_needs_a_reason_shown_beside_the_field(client, contract, commissioner):
    client.force_login(commissioner)

    response = client.post(_edit_url(contract), _post_data(contract, value="£125,000"))

    assertContains(response, "Enter why the value is changing.")
    assertContains(response, 'value="£125,000"')
    contract.refresh_from_db()
    assert contract.value == Decimal(100000)


def test_a_new_value_with_a_reason_is_logged_as_a_change(client, contract, commissioner):
    client.force_login(commissioner)

    response = client.post(
        _edit_url(contract),
        _post_data(contract, value="125000", value_reason="A third estate joined."),
    )

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.value == Decimal(125000)
    change = Modification.objects.get(contract=contract)
    assert change.value_change == Decimal(25000)
    assert change.reason == "A third estate joined."
    event = AuditEvent.objects.get(verb="edited", target_id=str(contract.pk))
    assert event.changes["value"] == ["100000.00", "125000"]
    assert event.changes["value_reason"] == "A third estate joined."


def test_saving_with_nothing_changed_records_nothing(contract, commissioner):
    services.contract_update(
        contract=contract,
        title=contract.title,
        contract_manager=None,
        start_date=contract.start_date,
        end_date=contract.end_date,
        missions=[],
        places=[],
        outcomes=[],
        value=contract.value,
        by=commissioner,
    )
    assert not AuditEvent.objects.filter(verb="edited").exists()


def test_links_must_belong_to_the_buyer(contract, commissioner, other_council):
    foreign = MissionFactory(organisation=other_council)
    with pytest.raises(services.ContractInvalid) as error:
        services.contract_update(
            contract=contract,
            title=contract.title,
            contract_manager=None,
            start_date=contract.start_date,
            end_date=contract.end_date,
            missions=[foreign],
            places=[],
            outcomes=[],
            value=contract.value,
            by=commissioner,
        )
    assert error.value.field == "missions"


def test_the_manager_must_be_a_contract_manager_of_the_buyer(
    contract, commissioner, other_commissioner
):
    with pytest.raises(services.ContractInvalid) as error:
        services.contract_update(
            contract=contract,
            title=contract.title,
            contract_manager=other_commissioner,
            start_date=contract.start_date,
            end_date=contract.end_date,
            missions=[],
            places=[],
            outcomes=[],
            value=contract.value,
            by=commissioner,
        )
    assert error.value.field == "contract_manager"


@pytest.mark.parametrize(
    "role_fixture", ["evaluator", "viewer", "supplier_user", "other_commissioner"]
)
def test_only_the_buyers_managers_may_edit(client, request, contract, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(_edit_url(contract)).status_code == 404
    response = client.post(_edit_url(contract), _post_data(contract, title="Taken over"))
    assert response.status_code == 404
    contract.refresh_from_db()
    assert contract.title == "Community meals"


def test_the_contract_page_links_to_the_edit_page_for_managers_only(
    client, contract, contract_manager, viewer
):
    detail = reverse("contracts:contract_detail", args=[contract.pk])
    client.force_login(contract_manager)
    assertContains(client.get(detail), _edit_url(contract))
    client.force_login(viewer)
    assertNotContains(client.get(detail), _edit_url(contract))


def test_the_edit_page_runs_a_constant_number_of_queries(
    client, council, contract, contract_manager, django_assert_max_num_queries
):
    for n in range(40):
        mission = MissionFactory(organisation=council, title=f"Mission {n}")
        OutcomeFactory(mission=mission)
        PlaceFactory(organisation=council, name=f"Ward {n}")
        MembershipFactory(organisation=council, role="contract_manager")
    contract.missions.set(council.missions.all())
    client.force_login(contract_manager)
    with django_assert_max_num_queries(20):
        response = client.get(_edit_url(contract))
    assertContains(response, "Mission 39")
