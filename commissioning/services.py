"""Writes for missions, needs, commissions and specifications.

Every write checks permission through `accounts.permissions`, records an audit event and
raises a `DomainError` with a message that is safe to show to the person.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts import permissions
from accounts.errors import DomainError, InvalidTransition
from accounts.models import BUYER_STAFF_ROLES, Membership, Organisation, User
from accounts.services import audit_record
from commissioning.models import (
    Commission,
    CommissionStatus,
    Mission,
    MissionStatus,
    Need,
    Place,
)


# --- Missions --------------------------------------------------------------------------
def _check_lead(*, organisation: Organisation, lead: User | None) -> None:
    if lead is None:
        return
    is_member = Membership.objects.filter(
        user=lead, organisation=organisation, role__in=BUYER_STAFF_ROLES
    ).exists()
    if not is_member:
        raise DomainError("The mission lead must be a member of staff in your organisation.")


def _mission_title_taken(*, organisation: Organisation, title: str, exclude_pk: int | None) -> bool:
    missions = Mission.objects.filter(organisation=organisation, title__iexact=title)
    if exclude_pk is not None:
        missions = missions.exclude(pk=exclude_pk)
    return missions.exists()


@transaction.atomic
def mission_create(
    *,
    organisation: Organisation,
    title: str,
    statement: str,
    by: User,
    narrative: str = "",
    target_date: datetime.date | None = None,
    lead: User | None = None,
) -> Mission:
    """Create a mission for an organisation. Only its commissioners and admins may.

    Mission titles are unique within an organisation, so people can tell them apart.
    """
    permissions.require(by, "commissioning.edit", organisation)
    title = title.strip()
    if _mission_title_taken(organisation=organisation, title=title, exclude_pk=None):
        raise DomainError("Your organisation already has a mission with this title.")
    _check_lead(organisation=organisation, lead=lead)
    mission = Mission.objects.create(
        organisation=organisation,
        title=title,
        statement=statement.strip(),
        narrative=narrative,
        target_date=target_date,
        lead=lead,
    )
    audit_record(actor=by, verb="created", target=mission, organisation=organisation)
    return mission


MISSION_EDITABLE_FIELDS = ("title", "statement", "narrative", "target_date", "lead", "status")


@transaction.atomic
def mission_update(*, mission: Mission, by: User, **fields: Any) -> Mission:
    """Change a mission's description, lead or status, recording what changed."""
    permissions.require(by, "commissioning.edit", mission)
    unknown = set(fields) - set(MISSION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
        if _mission_title_taken(
            organisation=mission.organisation, title=fields["title"], exclude_pk=mission.pk
        ):
            raise DomainError("Your organisation already has a mission with this title.")
    if "lead" in fields:
        _check_lead(organisation=mission.organisation, lead=fields["lead"])
    if "status" in fields and fields["status"] not in MissionStatus.values:
        raise DomainError("Choose a mission status from the list.")
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        before = getattr(mission, name)
        if before != value:
            changes[name] = [_loggable(before), _loggable(value)]
            setattr(mission, name, value)
    if changes:
        mission.save()
        audit_record(actor=by, verb="updated", target=mission, changes=changes)
    return mission


def _loggable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, User):
        return value.email
    return str(value)


# --- Needs -----------------------------------------------------------------------------
def _check_belongs(organisation: Organisation, objects: Iterable[Any], what: str) -> list[Any]:
    objects = list(objects)
    if any(obj.organisation_id != organisation.pk for obj in objects):
        raise DomainError(f"Choose {what} from your own organisation.")
    return objects


@transaction.atomic
def need_create(
    *,
    organisation: Organisation,
    title: str,
    description: str,
    by: User,
    population_group: str = "",
    missions: Iterable[Mission] = (),
    places: Iterable[Place] = (),
) -> Need:
    """Record a need of a group of people. It may serve only its own organisation's missions."""
    permissions.require(by, "commissioning.edit", organisation)
    missions = _check_belongs(organisation, missions, "missions")
    places = _check_belongs(organisation, places, "places")
    need = Need.objects.create(
        organisation=organisation,
        title=title.strip(),
        description=description,
        population_group=population_group.strip(),
        created_by=by,
    )
    need.missions.set(missions)
    need.places.set(places)
    audit_record(
        actor=by,
        verb="created",
        target=need,
        organisation=organisation,
        changes={"missions": [m.pk for m in missions], "places": [p.pk for p in places]},
    )
    return need


# --- Commissions -----------------------------------------------------------------------
ALLOWED: dict[str, set[str]] = {
    CommissionStatus.SCOPING: {CommissionStatus.OPTIONS_APPRAISAL, CommissionStatus.CLOSED},
    CommissionStatus.OPTIONS_APPRAISAL: {
        # Appraising the options can show the problem was framed wrongly.
        CommissionStatus.SCOPING,
        CommissionStatus.ROUTE_DECIDED,
        CommissionStatus.CLOSED,
    },
    CommissionStatus.ROUTE_DECIDED: {
        CommissionStatus.IN_PROCUREMENT,
        # In-house, grant and partnership routes go straight to delivery.
        CommissionStatus.IN_DELIVERY,
        CommissionStatus.OPTIONS_APPRAISAL,
        CommissionStatus.CLOSED,
    },
    CommissionStatus.IN_PROCUREMENT: {
        CommissionStatus.IN_DELIVERY,
        # A failed or cancelled tender sends the commission back to weigh the options.
        CommissionStatus.OPTIONS_APPRAISAL,
        CommissionStatus.CLOSED,
    },
    CommissionStatus.IN_DELIVERY: {CommissionStatus.UNDER_REVIEW, CommissionStatus.CLOSED},
    CommissionStatus.UNDER_REVIEW: {
        CommissionStatus.IN_DELIVERY,
        CommissionStatus.IN_PROCUREMENT,
        CommissionStatus.CLOSED,
    },
    CommissionStatus.CLOSED: set(),
}


def commission_next_statuses(commission: Commission) -> list[CommissionStatus]:
    """The statuses a commission may move to next, in lifecycle order."""
    allowed = ALLOWED[commission.status]
    return [status for status in CommissionStatus if status in allowed]


@transaction.atomic
def commission_create(
    *,
    organisation: Organisation,
    title: str,
    summary: str,
    by: User,
    needs: Iterable[Need] = (),
    missions: Iterable[Mission] = (),
    places: Iterable[Place] = (),
    spend_category: str = "",
    budget_min: Decimal | None = None,
    budget_max: Decimal | None = None,
) -> Commission:
    """Start a commission that answers needs. It begins in scoping, owned by its creator.

    The lowest budget may not be more than the highest, and every need, mission and
    place must belong to the same organisation.
    """
    permissions.require(by, "commissioning.edit", organisation)
    if any(amount is not None and amount < 0 for amount in (budget_min, budget_max)):
        raise DomainError("A budget cannot be less than zero.")
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        raise DomainError("The lowest budget must be the same as or less than the highest budget.")
    needs = _check_belongs(organisation, needs, "needs")
    missions = _check_belongs(organisation, missions, "missions")
    places = _check_belongs(organisation, places, "places")
    commission = Commission.objects.create(
        organisation=organisation,
        title=title.strip(),
        summary=summary,
        owner=by,
        spend_category=spend_category.strip(),
        budget_min=budget_min,
        budget_max=budget_max,
    )
    commission.needs.set(needs)
    commission.missions.set(missions)
    commission.places.set(places)
    audit_record(
        actor=by,
        verb="created",
        target=commission,
        organisation=organisation,
        changes={
            "needs": [n.pk for n in needs],
            "missions": [m.pk for m in missions],
            "places": [p.pk for p in places],
        },
    )
    return commission


@transaction.atomic
def commission_transition(*, commission: Commission, to: str, by: User) -> Commission:
    """The only place a commission's status changes; records who moved it and when."""
    permissions.require(by, "commissioning.edit", commission)
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    if to not in ALLOWED[commission.status]:
        raise InvalidTransition(commission.status, to)
    audit_record(
        actor=by, verb="status", target=commission, changes={"status": [commission.status, to]}
    )
    commission.status = to
    commission.save(update_fields=["status", "updated_at"])
    return commission
