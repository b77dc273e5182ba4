import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent
from commissioning import services
from commissioning.models import (
    Commission,
    CommissionStatus,
    Mission,
    MissionStatus,
)
from core.errors import DomainError, InvalidTransition
from tests.commissioning.factories import MissionFactory, NeedFactory, PlaceFactory

pytestmark = pytest.mark.django_db

REFUSED_PEOPLE = ["viewer", "evaluator", "contract_manager", "other_commissioner", "supplier_user"]


def audit_verbs(target) -> list[str]:
    return list(AuditEvent.objects.filter(target_id=str(target.pk)).values_list("verb", flat=True))


# --- Missions --------------------------------------------------------------------------
def test_commissioner_creates_a_mission_and_it_is_audited(council, commissioner):
    mission = services.mission_create(
        organisation=council,
        title="  Everyone eats well ",
        statement="By 2030, everyone eats well.",
        target_date=datetime.date(2030, 3, 31),
        lead=commissioner,
        by=commissioner,
    )
    assert mission.title == "Everyone eats well"
    assert mission.organisation == council
    event = AuditEvent.objects.get(target_id=str(mission.pk), verb="created")
    assert event.actor == commissioner
    assert event.organisation == council


def test_council_admin_may_create_a_mission(council, council_admin):
    mission = services.mission_create(
        organisation=council, title="Warm homes", statement="No cold homes.", by=council_admin
    )
    assert Mission.objects.filter(pk=mission.pk).exists()


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_commissioners_and_admins_of_the_council_may_create_missions(request, council, person):
    with pytest.raises(PermissionDenied):
        services.mission_create(
            organisation=council,
            title="Warm homes",
            statement="No cold homes.",
            by=request.getfixturevalue(person),
        )
    assert not Mission.objects.exists()


def test_mission_titles_are_unique_within_an_organisation(council, commissioner, mission):
    with pytest.raises(DomainError, match="already has a mission with this title"):
        services.mission_create(
            organisation=council, title="everyone EATS well", statement="x", by=commissioner
        )


def test_mission_lead_must_be_staff_of_the_council(council, commissioner, other_commissioner):
    with pytest.raises(DomainError, match="lead must be a member of staff"):
        services.mission_create(
            organisation=council,
            title="Warm homes",
            statement="No cold homes.",
            lead=other_commissioner,
            by=commissioner,
        )


def test_mission_update_records_what_changed(mission, commissioner, evaluator):
    before = mission.statement
    services.mission_update(
        mission=mission, statement="Nobody goes hungry.", lead=evaluator, by=commissioner
    )
    mission.refresh_from_db()
    assert mission.lead == evaluator
    event = AuditEvent.objects.get(target_id=str(mission.pk), verb="updated")
    assert event.changes == {
        "statement": [before, "Nobody goes hungry."],
        "lead": [None, evaluator.email],
    }


def test_viewer_cannot_update_a_mission(mission, viewer):
    with pytest.raises(PermissionDenied):
        services.mission_update(mission=mission, statement="x", by=viewer)


def test_a_missions_status_moves_only_through_its_transition(mission, commissioner):
    with pytest.raises(ValueError, match="Not editable: status"):
        services.mission_update(mission=mission, status="achieved", by=commissioner)
    moved = services.mission_transition(mission=mission, to=MissionStatus.ACHIEVED, by=commissioner)
    assert moved.status == MissionStatus.ACHIEVED
    assert services.mission_next_statuses(moved) == [("active", "Active"), ("retired", "Retired")]


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_commissioners_and_admins_may_move_a_mission(request, mission, person):
    with pytest.raises(PermissionDenied):
        services.mission_transition(
            mission=mission, to=MissionStatus.ACHIEVED, by=request.getfixturevalue(person)
        )
    mission.refresh_from_db()
    assert mission.status == MissionStatus.ACTIVE


def test_mission_cannot_take_another_missions_title(council, commissioner, mission):
    other = services.mission_create(
        organisation=council, title="Warm homes", statement="No cold homes.", by=commissioner
    )
    with pytest.raises(DomainError):
        services.mission_update(mission=other, title=mission.title, by=commissioner)


# --- Needs -----------------------------------------------------------------------------
def test_need_links_to_the_councils_missions_and_places(council, commissioner, mission):
    place = PlaceFactory(organisation=council)
    need = services.need_create(
        organisation=council,
        title="Fresh food near home",
        description="No shop within a mile.",
        missions=[mission],
        places=[place],
        by=commissioner,
    )
    assert list(need.missions.all()) == [mission]
    assert list(need.places.all()) == [place]
    assert need.created_by == commissioner
    assert audit_verbs(need) == ["created"]


def test_need_cannot_serve_another_councils_mission(council, other_council, commissioner):
    foreign = MissionFactory(organisation=other_council)
    with pytest.raises(DomainError, match="from your own organisation"):
        services.need_create(
            organisation=council,
            title="Fresh food",
            description="x",
            missions=[foreign],
            by=commissioner,
        )


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_commissioners_and_admins_may_record_needs(request, council, person):
    with pytest.raises(PermissionDenied):
        services.need_create(
            organisation=council,
            title="Fresh food",
            description="x",
            by=request.getfixturevalue(person),
        )


# --- Commissions -----------------------------------------------------------------------
def test_a_new_commission_is_scoping_and_owned_by_its_creator(commission, commissioner, need):
    assert commission.status == CommissionStatus.SCOPING
    assert commission.owner == commissioner
    assert list(commission.needs.all()) == [need]
    assert audit_verbs(commission) == ["created"]


def test_commission_budget_minimum_may_not_exceed_maximum(council, commissioner):
    with pytest.raises(DomainError, match="lowest budget must be the same as or less"):
        services.commission_create(
            organisation=council,
            title="Food hubs",
            summary="x",
            budget_min=Decimal("500000"),
            budget_max=Decimal("100000"),
            by=commissioner,
        )
    assert not Commission.objects.exists()


def test_commission_budget_may_be_a_single_figure(council, commissioner):
    commission = services.commission_create(
        organisation=council,
        title="Food hubs",
        summary="x",
        budget_min=Decimal("100000"),
        budget_max=Decimal("100000"),
        by=commissioner,
    )
    assert commission.budget_min == commission.budget_max


def test_commission_cannot_answer_another_councils_need(council, other_council, commissioner):
    with pytest.raises(DomainError, match="Choose needs from your own organisation"):
        services.commission_create(
            organisation=council,
            title="Food hubs",
            summary="x",
            needs=[NeedFactory(organisation=other_council)],
            by=commissioner,
        )


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_commissioners_and_admins_may_start_commissions(request, council, person):
    with pytest.raises(PermissionDenied):
        services.commission_create(
            organisation=council, title="x", summary="x", by=request.getfixturevalue(person)
        )


def test_every_open_commission_can_be_closed_and_a_closed_one_goes_nowhere():
    for status in CommissionStatus:
        if status == CommissionStatus.CLOSED:
            assert services.ALLOWED[status] == set()
        else:
            assert CommissionStatus.CLOSED in services.ALLOWED[status]


def test_commission_transition_reads_the_current_status_not_a_stale_copy(commission, commissioner):
    stale = Commission.objects.get(pk=commission.pk)
    services.commission_transition(
        commission=commission, to=CommissionStatus.CLOSED, by=commissioner
    )
    with pytest.raises(InvalidTransition):
        services.commission_transition(
            commission=stale, to=CommissionStatus.OPTIONS_APPRAISAL, by=commissioner
        )


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_commissioners_and_admins_may_move_a_commission(request, commission, person):
    with pytest.raises(PermissionDenied):
        services.commission_transition(
            commission=commission,
            to=CommissionStatus.OPTIONS_APPRAISAL,
            by=request.getfixturevalue(person),
        )


def test_the_page_offers_only_the_moves_a_person_decides_in_lifecycle_order(commission):
    Commission.objects.filter(pk=commission.pk).update(status=CommissionStatus.ROUTE_DECIDED)
    commission.refresh_from_db()
    # Procurement and delivery follow from tenders and contracts, never from this list.
    assert services.commission_next_statuses(commission) == [
        ("options_appraisal", "Options appraisal"),
        ("closed", "Closed"),
    ]
