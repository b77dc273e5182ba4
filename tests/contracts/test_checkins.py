"""Two-sided check-ins: private drafts, sharing, ratings, actions carried forward."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts import selectors, services
from contracts.models import Action, CheckInStatus
from contracts.services import ContractInvalid
from tests.contracts.factories import CheckInFactory, ContractFactory, InHouseContractFactory

pytestmark = pytest.mark.django_db

TODAY = "2027-07-01 12:00:00+01:00"
RATINGS = {
    "trust": (4, "We can say hard things."),
    "communication": (3, ""),
    "shared_purpose": (5, ""),
    "mutual_benefit": (4, ""),
}


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    return ContractFactory(
        organisation=council, provider=supplier_org, contract_manager=contract_manager
    )


@pytest.fixture
def checkin(contract):
    return CheckInFactory(contract=contract, held_on=datetime.date(2027, 6, 30))


def _write(checkin, side, by, *, submit=True, story="Thirty families came each week."):
    return services.checkin_contribute(
        checkin=checkin, side=side, story=story, ratings=RATINGS, submit=submit, by=by
    )


def _visible_to(user, checkin):
    checkin = selectors.checkin_get(checkin.contract, checkin.pk)
    sides = services.sides_read_by(user, checkin.contract)
    return {c.side for c in selectors.visible_contributions(checkin, sides)}


@time_machine.travel(TODAY, tick=False)
def test_other_sides_draft_is_hidden_until_both_submit(
    checkin, contract_manager, supplier_user, viewer
):
    _write(checkin, "buyer", contract_manager)
    _write(checkin, "provider", supplier_user, submit=False)

    assert _visible_to(contract_manager, checkin) == {"buyer"}
    assert _visible_to(viewer, checkin) == {"buyer"}
    assert _visible_to(supplier_user, checkin) == {"provider"}

    _write(checkin, "provider", supplier_user)

    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.PUBLISHED
    assert _visible_to(contract_manager, checkin) == {"buyer", "provider"}
    assert _visible_to(supplier_user, checkin) == {"buyer", "provider"}


@time_machine.travel(TODAY, tick=False)
def test_submitted_side_is_still_hidden_from_the_other_side_until_both_submit(
    checkin, contract_manager, supplier_user
):
    _write(checkin, "provider", supplier_user)
    assert _visible_to(contract_manager, checkin) == set()
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.OPEN


@time_machine.travel(TODAY, tick=False)
def test_manager_shares_early_but_an_unsubmitted_draft_stays_private(
    checkin, contract_manager, supplier_user
):
    _write(checkin, "buyer", contract_manager)
    _write(checkin, "provider", supplier_user, submit=False)

    services.checkin_publish(checkin=checkin, by=contract_manager)

    assert _visible_to(supplier_user, checkin) == {"buyer", "provider"}
    assert _visible_to(contract_manager, checkin) == {"buyer"}


@time_machine.travel(TODAY, tick=False)
def test_provider_cannot_share_a_checkin(checkin, supplier_user):
    _write(checkin, "provider", supplier_user)
    with pytest.raises(PermissionDenied):
        services.checkin_publish(checkin=checkin, by=supplier_user)


@time_machine.travel(TODAY, tick=False)
def test_nothing_to_share_until_a_side_submits(checkin, contract_manager):
    _write(checkin, "buyer", contract_manager, submit=False)
    with pytest.raises(ContractInvalid, match="at least one side"):
        services.checkin_publish(checkin=checkin, by=contract_manager)


@time_machine.travel(TODAY, tick=False)
def test_a_side_cannot_write_for_the_other(checkin, contract_manager, supplier_user):
    with pytest.raises(PermissionDenied):
        _write(checkin, "provider", contract_manager)
    with pytest.raises(PermissionDenied):
        _write(checkin, "buyer", supplier_user)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("role_fixture", ["other_supplier_user", "viewer", "other_commissioner"])
def test_outsiders_and_readers_cannot_write_either_side(request, role_fixture, checkin):
    person = request.getfixturevalue(role_fixture)
    for side in ("buyer", "provider"):
        with pytest.raises(PermissionDenied):
            _write(checkin, side, person)


@time_machine.travel(TODAY, tick=False)
def test_in_house_contract_manager_writes_both_sides(council, contract_manager):
    checkin = CheckInFactory(
        contract=InHouseContractFactory(organisation=council), held_on=datetime.date(2027, 6, 1)
    )
    _write(checkin, "buyer", contract_manager)
    _write(checkin, "provider", contract_manager)
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.PUBLISHED


@time_machine.travel(TODAY, tick=False)
def test_submitted_side_cannot_change(checkin, contract_manager):
    _write(checkin, "buyer", contract_manager)
    with pytest.raises(ContractInvalid, match="already submitted"):
        _write(checkin, "buyer", contract_manager, story="Changed")


@time_machine.travel(TODAY, tick=False)
def test_draft_can_be_saved_without_a_story_but_not_submitted(checkin, contract_manager):
    draft = _write(checkin, "buyer", contract_manager, submit=False, story="")
    assert not draft.is_submitted
    with pytest.raises(ContractInvalid, match="what happened") as error:
        _write(checkin, "buyer", contract_manager, story=" ")
    assert error.value.field == "story"


@time_machine.travel(TODAY, tick=False)
def test_ratings_must_be_between_1_and_5(checkin, contract_manager):
    with pytest.raises(ContractInvalid, match="1 to 5"):
        services.checkin_contribute(
            checkin=checkin,
            side="buyer",
            story="x",
            ratings={"trust": (6, "")},
            by=contract_manager,
        )


@time_machine.travel(TODAY, tick=False)
def test_future_checkin_can_be_drafted_but_not_submitted(contract, contract_manager):
    future = CheckInFactory(contract=contract, held_on=datetime.date(2027, 7, 10))
    _write(future, "buyer", contract_manager, submit=False)
    with pytest.raises(ContractInvalid, match="on or after the day"):
        _write(future, "buyer", contract_manager)


@time_machine.travel(TODAY, tick=False)
def test_health_chart_counts_only_shared_submitted_ratings(
    checkin, contract, contract_manager, supplier_user
):
    _write(checkin, "buyer", contract_manager)
    assert selectors.health_over_time(contract) == []
    _write(checkin, "provider", supplier_user)
    [point] = selectors.health_over_time(contract)
    assert point.buyer == point.provider == 4  # (4 + 3 + 5 + 4) / 4, rounded to one place


def test_schedule_a_quarterly_series(contract, contract_manager):
    checkins = services.checkin_schedule(
        contract=contract,
        first_on=datetime.date(2027, 1, 31),
        cadence_months=3,
        count=4,
        by=contract_manager,
    )
    assert [c.held_on for c in checkins] == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 4, 30),
        datetime.date(2027, 7, 31),
        datetime.date(2027, 10, 31),
    ]
    contract.refresh_from_db()
    assert contract.checkin_cadence_months == 3
    assert all(c.status == CheckInStatus.SCHEDULED for c in checkins)


def test_a_series_needs_a_cadence(contract, contract_manager):
    with pytest.raises(ContractInvalid, match="how often"):
        services.checkin_schedule(
            contract=contract, first_on=datetime.date(2027, 1, 1), count=3, by=contract_manager
        )


def test_provider_cannot_schedule(contract, supplier_user):
    with pytest.raises(PermissionDenied):
        services.checkin_schedule(
            contract=contract, first_on=datetime.date(2027, 1, 1), by=supplier_user
        )


@time_machine.travel(TODAY, tick=False)
def test_open_actions_carry_forward_to_the_next_checkin(contract, contract_manager, supplier_user):
    first = CheckInFactory(contract=contract, held_on=datetime.date(2027, 3, 31))
    second = CheckInFactory(contract=contract, held_on=datetime.date(2027, 6, 30))
    fridge = services.action_add(
        contract=contract,
        raised_in=first,
        description="Fix the fridge",
        owner="Hub manager",
        by=supplier_user,
    )
    done = services.action_add(
        contract=contract,
        raised_in=first,
        description="Book a room",
        owner="Ana",
        by=contract_manager,
    )
    services.action_complete(action=done, by=contract_manager)

    assert list(selectors.open_actions_for(contract, before=second)) == [fridge]
    assert list(selectors.open_actions_for(contract, before=first)) == []


@time_machine.travel(TODAY, tick=False)
def test_completing_an_action_twice_changes_nothing(contract, contract_manager):
    action = services.action_add(
        contract=contract, description="Call back", owner="Ana", by=contract_manager
    )
    first = services.action_complete(action=action, by=contract_manager).done_at
    assert services.action_complete(action=action, by=contract_manager).done_at == first


def test_other_supplier_cannot_add_actions(contract, other_supplier_user):
    with pytest.raises(PermissionDenied):
        services.action_add(contract=contract, description="x", owner="y", by=other_supplier_user)
    assert not Action.objects.exists()


# --- pages ---------------------------------------------------------------------------------
def _page(checkin):
    return reverse("contracts:checkin_detail", args=[checkin.contract_id, checkin.pk])


@time_machine.travel(TODAY, tick=False)
def test_checkin_page_hides_the_other_sides_draft(client, checkin, contract_manager, supplier_user):
    _write(checkin, "provider", supplier_user, story="Provider secret draft", submit=False)
    _write(checkin, "buyer", contract_manager, story="Buyer story")

    client.force_login(contract_manager)
    response = client.get(_page(checkin))
    assertContains(response, "Buyer story")
    assertNotContains(response, "Provider secret draft")

    client.force_login(supplier_user)
    response = client.get(_page(checkin))
    assertContains(response, "Provider secret draft")
    assertNotContains(response, "Buyer story")
    assertContains(response, "Write the provider's side")


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("role_fixture", "expected"),
    [
        ("supplier_user", 200),
        ("viewer", 200),
        ("other_supplier_user", 404),
        ("other_commissioner", 404),
    ],
)
def test_checkin_page_by_role(client, request, role_fixture, expected, checkin):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(_page(checkin)).status_code == expected


@time_machine.travel(TODAY, tick=False)
def test_provider_submits_its_side_through_the_page(client, checkin, supplier_user):
    client.force_login(supplier_user)
    response = client.post(
        reverse("contracts:checkin_contribute", args=[checkin.contract_id, checkin.pk]),
        {
            "side": "provider",
            "submit": "yes",
            "provider-story": "We ran two extra sessions.",
            "provider-trust_score": "4",
        },
    )
    assert response.status_code == 302
    contribution = checkin.contributions.get()
    assert contribution.side == "provider" and contribution.is_submitted
    assert contribution.ratings.get().score == 4


@time_machine.travel(TODAY, tick=False)
def test_other_supplier_cannot_post_a_contribution(client, checkin, other_supplier_user):
    client.force_login(other_supplier_user)
    response = client.post(
        reverse("contracts:checkin_contribute", args=[checkin.contract_id, checkin.pk]),
        {"side": "provider", "submit": "yes", "provider-story": "x"},
    )
    assert response.status_code == 404
    assert not checkin.contributions.exists()


def test_learning_added_from_a_checkin_keeps_the_link(client, checkin, contract_manager):
    client.force_login(contract_manager)
    html = client.get(_page(checkin)).content.decode()
    url = (
        reverse("contracts:learning_create", args=[checkin.contract_id]) + f"?checkin={checkin.pk}"
    )
    assert url in html
    response = client.post(url, {"title": "Texts beat letters", "body": "More replies."})
    assert response.status_code == 302
    assert checkin.learning.get().title == "Texts beat letters"
