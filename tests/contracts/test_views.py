import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import (
    CheckIn,
    CheckInContribution,
    CheckInStatus,
    Contract,
    ContractStatus,
    HealthDimension,
    HealthRating,
)
from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import (
    ActionFactory,
    ContractFactory,
    InHouseContractFactory,
    KpiFactory,
)
from tests.dates import date_fields
from tests.factories import MembershipFactory, UserFactory
from tests.social_value.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("contracts:contract_list")
CREATE_URL = reverse("contracts:contract_create")


def _detail(contract):
    return reverse("contracts:contract_detail", args=[contract.pk])


# --- register ------------------------------------------------------------------------------
def test_register_needs_sign_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize(
    "role_fixture", ["commissioner", "evaluator", "contract_manager", "council_admin", "viewer"]
)
def test_buyer_staff_see_their_councils_register(
    client, request, role_fixture, council, other_council
):
    mine = ContractFactory(organisation=council, title="Community meals", value=1234567)
    ContractFactory(organisation=other_council, title="Other council's meals")
    client.force_login(request.getfixturevalue(role_fixture))

    response = client.get(LIST_URL)

    assertContains(response, mine.title)
    assertContains(response, "£1,234,567")
    assertNotContains(response, "Other council&#x27;s meals")
    assertNotContains(response, "Other council's meals")


def test_provider_sees_only_its_own_contracts(
    client, supplier_user, supplier_org, other_supplier_org, council
):
    ContractFactory(organisation=council, provider=supplier_org, title="Our food hub")
    ContractFactory(organisation=council, provider=other_supplier_org, title="Their canteen")
    client.force_login(supplier_user)

    response = client.get(LIST_URL)

    assertContains(response, "Our food hub")
    assertNotContains(response, "Their canteen")
    assertContains(response, "Our contracts")


def test_register_filters_by_status(client, contract_manager, council):
    ContractFactory(organisation=council, title="Still mobilising")
    ContractFactory(organisation=council, title="Running now", status=ContractStatus.ACTIVE)
    client.force_login(contract_manager)

    response = client.get(LIST_URL, {"status": "active"})

    assertContains(response, "Running now")
    assertNotContains(response, "Still mobilising")


def test_register_is_paginated_and_keeps_the_filter(client, contract_manager, council):
    ContractFactory.create_batch(30, organisation=council, status=ContractStatus.ACTIVE)
    client.force_login(contract_manager)

    response = client.get(LIST_URL, {"status": "active"})

    assert len(response.context["page"].object_list) == 25
    assert "?status=active&amp;page=2" in response.content.decode()


def test_register_query_count_is_constant_with_1000_contracts(
    client, contract_manager, council, supplier_org, django_assert_max_num_queries
):
    Contract.objects.bulk_create(
        Contract(
            organisation=council,
            title=f"Contract {n}",
            kind="tendered",
            provider=supplier_org,
            value=1000 + n,
            start_date=datetime.date(2027, 1, 1),
            end_date=datetime.date(2028, 1, 1) + datetime.timedelta(days=n % 365),
        )
        for n in range(1000)
    )
    client.force_login(contract_manager)
    with django_assert_max_num_queries(10):
        response = client.get(LIST_URL, {"page": 20})
    assert response.status_code == 200


def test_person_without_an_organisation_gets_404(client):
    client.force_login(UserFactory())
    assert client.get(LIST_URL).status_code == 404


# --- create --------------------------------------------------------------------------------
def _form_data(**overrides):
    data: dict = {
        "title": "Estate caretaking",
        "kind": "in_house",
        "provider": "",
        "provider_name": "Estate services team",
        "value": "£1,250,000",
        **date_fields("start_date", datetime.date(2027, 4, 1)),
        **date_fields("end_date", datetime.date(2029, 3, 31)),
        "contract_manager": "",
    }
    data.update(overrides)
    return data


def test_contract_manager_adds_an_in_house_agreement(client, contract_manager, council):
    mission = MissionFactory(organisation=council, title="Everyone has a safe home")
    client.force_login(contract_manager)
    assert client.get(CREATE_URL).status_code == 200

    response = client.post(
        CREATE_URL,
        _form_data(contract_manager=contract_manager.pk, missions=[mission.pk]),
    )

    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response.url == _detail(contract)
    assert contract.value == 1250000
    assert contract.start_date == datetime.date(2027, 4, 1)
    assert contract.end_date == datetime.date(2029, 3, 31)
    assert list(contract.missions.all()) == [mission]


def test_create_form_shows_rule_errors_beside_the_field(client, contract_manager):
    client.force_login(contract_manager)

    response = client.post(
        CREATE_URL, _form_data(**date_fields("end_date", datetime.date(2027, 1, 1)))
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_end_date_0"' in html
    assert not Contract.objects.exists()


def test_create_form_explains_an_unreal_date_and_keeps_the_boxes(client, contract_manager):
    client.force_login(contract_manager)
    response = client.post(CREATE_URL, _form_data(**date_fields("start_date", ("31", "2", "2027"))))
    assertContains(response, 'href="#id_start_date_0">Start date must be a real date</a>')
    assertContains(
        response, '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Start date'
    )
    assertContains(response, 'name="start_date_0" value="31"', html=False)
    assertContains(response, 'name="start_date_1" value="2"')
    assertContains(response, "govuk-date-input__input govuk-input--width-2 govuk-input--error")
    assert not Contract.objects.exists()


@pytest.mark.parametrize("role_fixture", ["viewer", "evaluator", "supplier_user"])
def test_people_who_cannot_manage_contracts_cannot_add_them(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(CREATE_URL).status_code == 404
    assert client.post(CREATE_URL, _form_data()).status_code == 404
    assert not Contract.objects.exists()


# --- detail --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role_fixture", "expected"),
    [
        ("contract_manager", 200),
        ("commissioner", 200),
        ("viewer", 200),
        ("supplier_user", 200),
        ("other_supplier_user", 404),
        ("other_commissioner", 404),
    ],
)
def test_contract_page_by_role(client, request, role_fixture, expected, council, supplier_org):
    contract = ContractFactory(organisation=council, provider=supplier_org)
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(_detail(contract)).status_code == expected


def test_contract_page_needs_sign_in(client, council):
    response = client.get(_detail(ContractFactory(organisation=council)))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_missing_contract_is_404(client, contract_manager):
    client.force_login(contract_manager)
    assert client.get(reverse("contracts:contract_detail", args=[999999])).status_code == 404


def test_viewer_sees_no_checkin_form_or_status_buttons(client, viewer, council):
    contract = ContractFactory(organisation=council)
    client.force_login(viewer)
    response = client.get(_detail(contract))
    assertNotContains(response, "Record a check-in")
    assertNotContains(response, "Change the status")


def test_manager_sees_status_buttons_for_allowed_moves_only(client, contract_manager, council):
    contract = ContractFactory(organisation=council)
    client.force_login(contract_manager)
    response = client.get(_detail(contract))
    assertContains(response, "Mark as active")
    assertContains(response, "End the contract early")
    assertNotContains(response, "Extend the contract")


def _sixty_shared_checkins(contract, writers):
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            contract=contract,
            held_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=7 * n),
            status=CheckInStatus.PUBLISHED,
        )
        for n in range(60)
    )
    contributions = CheckInContribution.objects.bulk_create(
        CheckInContribution(
            checkin=checkin,
            side=side,
            story=f"Week {n} from the {side}",
            author=writers[n % 3],
            submitted_at=timezone.now(),
        )
        for n, checkin in enumerate(checkins)
        for side in ("buyer", "provider")
    )
    HealthRating.objects.bulk_create(
        HealthRating(contribution=contribution, dimension=dimension, score=1 + n % 5)
        for n, contribution in enumerate(contributions)
        for dimension in HealthDimension.values
    )
    for n in range(10):
        ActionFactory(contract=contract, raised_in=checkins[n], description=f"Action {n}")
        KpiFactory(contract=contract)
        CommitmentFactory(contract=contract)
    return checkins


def test_contract_page_query_count_is_constant_with_60_checkins(
    client, contract_manager, council, supplier_org, django_assert_max_num_queries
):
    contract = ContractFactory(
        organisation=council, provider=supplier_org, contract_manager=contract_manager
    )
    contract.missions.add(MissionFactory(organisation=council))
    _sixty_shared_checkins(contract, UserFactory.create_batch(3))
    client.force_login(contract_manager)
    # The content type is cached once per process; a test run after a flush would
    # otherwise count that one query, which a running site does not make per page.
    ContentType.objects.get_for_model(contract)
    # 26: the voices of people who use the service add their averages and latest stories.
    with django_assert_max_num_queries(26):
        response = client.get(_detail(contract))
    assert response.status_code == 200
    checkins = response.context["checkins"].object_list
    assert [c.visible[0].story for c in checkins[:2]] == [
        "Week 59 from the buyer",
        "Week 58 from the buyer",
    ]
    charts = response.context["charts"]
    # Sixty weekly check-ins, both sides: charted as monthly averages of all 120 ratings.
    assert charts.health.table.head == ["Monthly from", "Buyer", "Provider"]
    assert len(charts.health.table.rows) == 14
    assert "120 readings, shown as monthly averages." in charts.health.notes
    assert len(charts.dimensions) == 4
    # Overall, one per dimension, and social value (the KPIs have no readings).
    assert response.content.decode().count('class="kindred-chart" role="img"') == 6


def test_contract_page_query_count_does_not_grow_with_more_checkins(
    client, contract_manager, council, supplier_org, django_assert_num_queries
):
    """The same number of queries for 60 check-ins as for 6: nothing is loaded per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = ContractFactory(organisation=council, provider=supplier_org)
    large = ContractFactory(organisation=council, provider=supplier_org)
    writers = UserFactory.create_batch(3)
    _sixty_shared_checkins(large, writers)
    for checkin in CheckIn.objects.filter(contract=large).order_by("-held_on")[:6]:
        checkin.pk = None
        checkin.contract = small
        checkin.save()
        CheckInContribution.objects.create(
            checkin=checkin, side="buyer", story="Copy", submitted_at=timezone.now()
        )
    for _ in range(10):
        ActionFactory(contract=small)
        KpiFactory(contract=small)
        CommitmentFactory(contract=small)
    client.force_login(contract_manager)
    with CaptureQueriesContext(connection) as small_queries:
        client.get(_detail(small))
    with CaptureQueriesContext(connection) as large_queries:
        client.get(_detail(large))
    assert len(large_queries) == len(small_queries)


# --- check-ins -----------------------------------------------------------------------------
def _checkin_url(contract):
    return reverse("contracts:checkin_create", args=[contract.pk])


CHECKIN = {
    **date_fields("held_on", datetime.date(2027, 6, 30)),
    "story": "Forty families used the hub each week.",
    "went_well": "Volunteers stayed on.",
    "was_hard": "The fridge broke.",
    "learning": "Check the fridge monthly.",
}


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
def test_supplier_records_a_checkin_on_its_own_contract(
    client, supplier_user, supplier_org, council
):
    contract = ContractFactory(organisation=council, provider=supplier_org)
    client.force_login(supplier_user)

    response = client.post(_checkin_url(contract), CHECKIN)

    assert response.status_code == 302
    contribution = CheckIn.objects.get().contributions.get()
    assert contribution.author == supplier_user and contribution.side == "provider"
    assert "Forty families" in client.get(_detail(contract)).content.decode()


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
def test_other_supplier_cannot_post_a_checkin(client, other_supplier_user, supplier_org, council):
    contract = ContractFactory(organisation=council, provider=supplier_org)
    client.force_login(other_supplier_user)
    assert client.post(_checkin_url(contract), CHECKIN).status_code == 404
    assert not CheckIn.objects.exists()


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
def test_viewer_cannot_post_a_checkin(client, viewer, council):
    contract = ContractFactory(organisation=council)
    client.force_login(viewer)
    assert client.post(_checkin_url(contract), CHECKIN).status_code == 404


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
def test_checkin_errors_are_shown_on_the_contract_page(client, contract_manager, council):
    contract = ContractFactory(organisation=council)
    client.force_login(contract_manager)

    response = client.post(
        _checkin_url(contract), {**CHECKIN, **date_fields("held_on", datetime.date(2027, 7, 2))}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_held_on_0"' in html
    assert not CheckIn.objects.exists()


# --- status changes ------------------------------------------------------------------------
def _status_url(contract):
    return reverse("contracts:contract_status", args=[contract.pk])


def test_manager_starts_extends_and_expires_a_contract(client, contract_manager, council):
    contract = InHouseContractFactory(organisation=council, end_date=datetime.date(2028, 3, 31))
    client.force_login(contract_manager)

    assert client.post(_status_url(contract), {"to": "active"}).status_code == 302
    client.post(
        _status_url(contract),
        {"to": "in_extension", **date_fields("new_end_date", datetime.date(2029, 3, 31))},
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.IN_EXTENSION
    assert contract.end_date == datetime.date(2029, 3, 31)
    client.post(_status_url(contract), {"to": "expired"})
    contract.refresh_from_db()
    assert contract.status == ContractStatus.EXPIRED


def test_extension_to_an_earlier_date_shows_an_error(client, contract_manager, council):
    contract = ContractFactory(organisation=council, status=ContractStatus.ACTIVE)
    client.force_login(contract_manager)
    response = client.post(
        _status_url(contract),
        {"to": "in_extension", **date_fields("new_end_date", datetime.date(2027, 1, 1))},
    )
    assert response.status_code == 200
    assert 'href="#id_new_end_date_0"' in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE


def test_ending_early_without_a_reason_shows_an_error(client, contract_manager, council):
    contract = ContractFactory(organisation=council)
    client.force_login(contract_manager)
    response = client.post(_status_url(contract), {"to": "terminated", "reason": ""})
    assert 'href="#id_reason"' in response.content.decode()


def test_a_move_that_is_not_allowed_shows_a_message(client, contract_manager, council):
    contract = ContractFactory(organisation=council)
    client.force_login(contract_manager)
    response = client.post(_status_url(contract), {"to": "expired"}, follow=True)
    assertContains(response, "You cannot move this contract from Mobilising to Expired.")
    contract.refresh_from_db()
    assert contract.status == ContractStatus.MOBILISING


@pytest.mark.parametrize("role_fixture", ["viewer", "supplier_user", "other_commissioner"])
def test_others_cannot_change_the_status(client, request, role_fixture, council, supplier_org):
    contract = ContractFactory(organisation=council, provider=supplier_org)
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.post(_status_url(contract), {"to": "active"}).status_code == 404
    contract.refresh_from_db()
    assert contract.status == ContractStatus.MOBILISING


def test_person_in_both_a_council_and_a_supplier_sees_the_acting_organisations_list(
    client, council, supplier_org
):
    person = UserFactory()
    MembershipFactory(user=person, organisation=council, role="contract_manager")
    MembershipFactory(user=person, organisation=supplier_org, role="supplier")
    ContractFactory(organisation=council, title="Council register item")
    client.force_login(person)
    session = client.session
    session["current_organisation_id"] = supplier_org.pk
    session.save()
    assertNotContains(client.get(LIST_URL), "Council register item")
