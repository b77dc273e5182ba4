"""Writes for missions, needs, commissions and specifications.

Every write checks permission through `accounts.permissions`, records an audit event and
raises a `DomainError` with a message that is safe to show to the person.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import BUYER_STAFF_ROLES, Membership, Organisation, User
from accounts.services import audit_record
from commissioning import places_csv
from commissioning.models import (
    Commission,
    CommissionStatus,
    Direction,
    EvidenceItem,
    EvidenceKind,
    Indicator,
    IndicatorReading,
    Mission,
    MissionStatus,
    Need,
    Outcome,
    Place,
    PlaceKind,
)
from core import uploads
from core.errors import DomainError


# --- Missions --------------------------------------------------------------------------
def _check_lead(*, organisation: Organisation, lead: User | None) -> None:
    if lead is None:
        return
    is_member = Membership.objects.filter(
        user=lead, organisation=organisation, role__in=BUYER_STAFF_ROLES
    ).exists()
    if not is_member:
        raise DomainError("The mission lead must be a member of staff in your organisation.")


def _check_target_date(target_date: datetime.date | None) -> None:
    if target_date is not None and target_date <= timezone.localdate():
        raise DomainError("The target date must be in the future.", field="target_date")


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

    Mission titles are unique within an organisation, so people can tell them apart. A
    target date, if given, is in the future.
    """
    permissions.require(by, "commissioning.edit", organisation)
    title = title.strip()
    if _mission_title_taken(organisation=organisation, title=title, exclude_pk=None):
        raise DomainError("Your organisation already has a mission with this title.")
    _check_target_date(target_date)
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


MISSION_EDITABLE_FIELDS = ("title", "statement", "narrative", "target_date", "lead")


@transaction.atomic
def mission_update(*, mission: Mission, by: User, **fields: Any) -> Mission:
    """Change a mission's description or lead, recording what changed. A new target date
    is in the future; a target date that has passed may stay as it is. The status moves
    only through `mission_transition`."""
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
    if "target_date" in fields and fields["target_date"] != mission.target_date:
        _check_target_date(fields["target_date"])
    if "lead" in fields:
        _check_lead(organisation=mission.organisation, lead=fields["lead"])
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


# A mission is drafted, then pursued until it is achieved or retired. One marked achieved
# too soon, or retired and then taken up again, becomes active again.
MISSION_ALLOWED: dict[str, set[str]] = {
    MissionStatus.DRAFT: {MissionStatus.ACTIVE, MissionStatus.RETIRED},
    MissionStatus.ACTIVE: {MissionStatus.ACHIEVED, MissionStatus.RETIRED},
    MissionStatus.ACHIEVED: {MissionStatus.ACTIVE, MissionStatus.RETIRED},
    MissionStatus.RETIRED: {MissionStatus.ACTIVE},
}


def mission_next_statuses(mission: Mission) -> list[tuple[str, str]]:
    """The statuses a mission may move to next, in lifecycle order."""
    return lifecycle.next_choices(mission, MISSION_ALLOWED)


def mission_transition(*, mission: Mission, to: str, by: User) -> Mission:
    """The only place a mission's status changes. Only the organisation's commissioners
    and administrators move a mission; the move is recorded."""
    return lifecycle.transition(
        mission, to=to, allowed=MISSION_ALLOWED, by=by, action="commissioning.edit"
    )


def _loggable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, User):
        return value.email
    return str(value)


def _apply(obj: Any, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the fields that differ and return them as audit changes: {name: [before, after]}."""
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        before = getattr(obj, name)
        if before != value:
            changes[name] = [_loggable(before), _loggable(value)]
            setattr(obj, name, value)
    return changes


def _check_editable(fields: dict[str, Any], editable: tuple[str, ...]) -> None:
    unknown = set(fields) - set(editable)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")


# --- Outcomes framework ------------------------------------------------------------------
OUTCOME_EDITABLE_FIELDS = ("title", "description", "position")
# Far beyond any framework's list, and within the column that keeps it.
MAX_OUTCOME_POSITION = 1_000


def _check_position(position: int | None) -> None:
    if position is not None and not 0 <= position <= MAX_OUTCOME_POSITION:
        raise DomainError(
            f"The order must be from 0 to {MAX_OUTCOME_POSITION:,}.", field="position"
        )


@transaction.atomic
def outcome_create(
    *,
    mission: Mission,
    title: str,
    by: User,
    description: str = "",
    position: int | None = None,
) -> Outcome:
    """Add an outcome to a mission's framework. Without a position it goes last."""
    permissions.require(by, "commissioning.edit", mission)
    title = title.strip()
    if not title:
        raise DomainError("Enter the outcome.")
    _check_position(position)
    if position is None:
        highest = mission.outcomes.aggregate(highest=Max("position"))["highest"]
        position = 1 if highest is None else highest + 1
    outcome = Outcome.objects.create(
        mission=mission, title=title, description=description.strip(), position=position
    )
    audit_record(
        actor=by,
        verb="created",
        target=outcome,
        organisation=mission.organisation,
        changes={"mission": mission.pk},
    )
    return outcome


@transaction.atomic
def outcome_update(*, outcome: Outcome, by: User, **fields: Any) -> Outcome:
    """Change an outcome's wording or its place in the list, recording what changed."""
    permissions.require(by, "commissioning.edit", outcome.mission)
    _check_editable(fields, OUTCOME_EDITABLE_FIELDS)
    outcome = Outcome.objects.select_for_update().select_related("mission").get(pk=outcome.pk)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
        if not fields["title"]:
            raise DomainError("Enter the outcome.")
    if fields.get("position") is None:
        fields.pop("position", None)
    _check_position(fields.get("position"))
    changes = _apply(outcome, fields)
    if changes:
        outcome.save()
        audit_record(
            actor=by,
            verb="updated",
            target=outcome,
            organisation=outcome.mission.organisation,
            changes=changes,
        )
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: Outcome, by: User) -> None:
    """Remove an outcome and its indicators.

    An outcome that a commission targets or a specification seeks stays: removing it
    would silently change what that work is for. Unlink it there first.
    """
    mission = outcome.mission
    permissions.require(by, "commissioning.edit", mission)
    if outcome.commissions.exists() or outcome.specification_sections.exists():
        raise DomainError(
            "You cannot remove this outcome because a commission or specification uses it."
        )
    audit_record(
        actor=by,
        verb="deleted",
        target=outcome,
        organisation=mission.organisation,
        changes={"title": outcome.title, "indicators": outcome.indicators.count()},
    )
    outcome.delete()


INDICATOR_EDITABLE_FIELDS = (
    "name",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "data_source",
    "direction",
)


def _check_indicator(indicator: Indicator) -> None:
    if not indicator.name.strip():
        raise DomainError("Enter the name of the indicator.")
    if not indicator.unit.strip():
        raise DomainError("Enter the unit, for example % of residents.")
    if indicator.direction not in Direction.values:
        raise DomainError("Choose whether higher or lower is better.")
    baseline, target = indicator.baseline_value, indicator.target_value
    for label, value, date in (
        ("baseline", baseline, indicator.baseline_date),
        ("target", target, indicator.target_date),
    ):
        if value is None and date is not None:
            raise DomainError(f"Enter the {label} value as well as its date.")
        if value is not None and date is None:
            raise DomainError(f"Enter the date of the {label} as well as its value.")
    if (
        indicator.baseline_date
        and indicator.target_date
        and indicator.target_date <= indicator.baseline_date
    ):
        raise DomainError("The target date must be after the baseline date.")
    if baseline is not None and target is not None:
        worse = (
            target < baseline if indicator.direction == Direction.INCREASE else target > baseline
        )
        if worse:
            better = "higher" if indicator.direction == Direction.INCREASE else "lower"
            raise DomainError(
                f"The target must be the same as or {better} than the baseline, "
                f"because {better} is better for this indicator."
            )


@transaction.atomic
def indicator_create(
    *,
    outcome: Outcome,
    name: str,
    unit: str,
    by: User,
    baseline_value: Decimal | None = None,
    baseline_date: datetime.date | None = None,
    target_value: Decimal | None = None,
    target_date: datetime.date | None = None,
    data_source: str = "",
    direction: str = Direction.INCREASE,
) -> Indicator:
    """Add an indicator that measures an outcome.

    A value needs its date; the target date comes after the baseline date; and the
    target may not be worse than the baseline in the indicator's direction of good.
    """
    permissions.require(by, "commissioning.edit", outcome.mission)
    indicator = Indicator(
        outcome=outcome,
        name=name.strip(),
        unit=unit.strip(),
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        target_value=target_value,
        target_date=target_date,
        data_source=data_source.strip(),
        direction=direction,
    )
    _check_indicator(indicator)
    indicator.save()
    audit_record(
        actor=by,
        verb="created",
        target=indicator,
        organisation=outcome.mission.organisation,
        changes={"outcome": outcome.pk},
    )
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, by: User, **fields: Any) -> Indicator:
    """Change an indicator, under the same rules as adding one."""
    permissions.require(by, "commissioning.edit", indicator.outcome.mission)
    _check_editable(fields, INDICATOR_EDITABLE_FIELDS)
    indicator = (
        Indicator.objects.select_for_update()
        .select_related("outcome__mission__organisation")
        .get(pk=indicator.pk)
    )
    for name in ("name", "unit", "data_source"):
        if name in fields:
            fields[name] = fields[name].strip()
    changes = _apply(indicator, fields)
    _check_indicator(indicator)
    if changes:
        indicator.save()
        audit_record(
            actor=by,
            verb="updated",
            target=indicator,
            organisation=indicator.outcome.mission.organisation,
            changes=changes,
        )
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: User) -> None:
    """Remove an indicator from its outcome."""
    mission = indicator.outcome.mission
    permissions.require(by, "commissioning.edit", mission)
    audit_record(
        actor=by,
        verb="deleted",
        target=indicator,
        organisation=mission.organisation,
        changes={"name": indicator.name, "outcome": indicator.outcome_id},
    )
    indicator.delete()


# --- Indicator readings --------------------------------------------------------------------
READING_EDITABLE_FIELDS = ("value", "date", "source", "note", "place")


def _check_reading(reading: IndicatorReading, *, organisation_id: int) -> None:
    if reading.value is None:
        raise DomainError("Enter the value of the reading.", field="value")
    if reading.date is None:
        raise DomainError("Enter the date of the reading.", field="date")
    if not reading.from_kpi and reading.date > timezone.localdate():
        raise DomainError("The date of the reading must be today or in the past.", field="date")
    if reading.place is not None and reading.place.organisation_id != organisation_id:
        raise DomainError("Choose one of your council's places.", field="place")


@transaction.atomic
def indicator_reading_record(
    *,
    indicator: Indicator,
    value: Decimal,
    date: datetime.date,
    by: User,
    source: str = "",
    note: str = "",
    place: Place | None = None,
) -> IndicatorReading:
    """Record a reading of an indicator, for the whole area or for one of the council's
    places. The council's commissioners, administrators and contract managers may; the
    date may not be in the future."""
    permissions.require(by, "indicator.record", indicator.outcome.mission)
    reading = IndicatorReading(
        indicator=indicator,
        value=value,
        date=date,
        source=source.strip(),
        note=note.strip(),
        place=place,
        recorded_by=by,
    )
    _check_reading(reading, organisation_id=indicator.outcome.mission.organisation_id)
    reading.save()
    audit_record(
        actor=by,
        verb="reading",
        target=indicator,
        organisation=indicator.outcome.mission.organisation,
        changes={"reading": reading.pk, "value": str(value), "date": date.isoformat()},
    )
    return reading


@transaction.atomic
def indicator_reading_update(
    *, reading: IndicatorReading, by: User, **fields: Any
) -> IndicatorReading:
    """Correct a reading. Only whoever recorded it may, under the same rules as recording;
    a reading taken from a contract KPI changes only through the KPI."""
    permissions.require(by, "indicator_reading.change", reading)
    _check_editable(fields, READING_EDITABLE_FIELDS)
    reading = (
        IndicatorReading.objects.select_for_update(of=("self",))
        .select_related("indicator__outcome__mission__organisation", "place")
        .get(pk=reading.pk)
    )
    for name in ("source", "note"):
        if name in fields:
            fields[name] = fields[name].strip()
    changes = _apply(reading, fields)
    _check_reading(reading, organisation_id=reading.organisation_id)
    if changes:
        reading.save()
        audit_record(actor=by, verb="updated", target=reading, changes=changes)
    return reading


@transaction.atomic
def indicator_reading_delete(*, reading: IndicatorReading, by: User) -> None:
    """Remove a reading recorded by mistake; only whoever recorded it may."""
    permissions.require(by, "indicator_reading.change", reading)
    audit_record(
        actor=by,
        verb="deleted",
        target=reading,
        changes={
            "indicator": reading.indicator_id,
            "value": str(reading.value),
            "date": reading.date.isoformat(),
        },
    )
    reading.delete()


@transaction.atomic
def indicator_reading_take(
    *,
    indicator: Indicator,
    value: Decimal,
    date: datetime.date,
    source: str,
    note: str = "",
    reading: IndicatorReading | None = None,
    by: User | None,
) -> IndicatorReading:
    """Create, or bring up to date, a reading taken from another record (a contract KPI).

    For the service of the app that owns that record, which has already checked that
    `by` may write it; the reading is marked `from_kpi`, so nobody changes it by hand.
    """
    if reading is None:
        reading = IndicatorReading(indicator=indicator, from_kpi=True, recorded_by=by)
        verb = "reading"
    else:
        reading = IndicatorReading.objects.select_for_update().get(pk=reading.pk)
        verb = "updated"
    changes = _apply(
        reading,
        {
            "indicator": indicator,
            "value": value,
            "date": date,
            "source": source[:200],
            "note": note,
        },
    )
    _check_reading(reading, organisation_id=indicator.outcome.mission.organisation_id)
    if changes:
        reading.save()
        audit_record(
            actor=by,
            verb=verb,
            target=reading,
            organisation=indicator.outcome.mission.organisation,
            changes=changes,
        )
    return reading


# --- Places ------------------------------------------------------------------------------
def _place_name_taken(*, organisation: Organisation, name: str, exclude_pk: int | None) -> bool:
    places = Place.objects.filter(organisation=organisation, name__iexact=name)
    if exclude_pk is not None:
        places = places.exclude(pk=exclude_pk)
    return places.exists()


def _check_place(place: Place) -> None:
    """Names are unique in an organisation; parents are its own places, of a broader kind,
    and never the place itself or anything inside it."""
    if not place.name:
        raise DomainError("Enter the name of the place.")
    if place.kind not in PlaceKind.values:
        raise DomainError("Choose what kind of place this is.")
    if _place_name_taken(organisation=place.organisation, name=place.name, exclude_pk=place.pk):
        raise DomainError("Your organisation already has a place with this name.")
    parent = place.parent
    if parent is not None:
        if parent.organisation_id != place.organisation_id:
            raise DomainError("Choose a place from your own organisation.")
        ancestor: Place | None = parent
        seen: set[int] = set()
        while ancestor is not None and ancestor.pk not in seen:
            if place.pk is not None and ancestor.pk == place.pk:
                raise DomainError("A place cannot be inside itself or a place inside it.")
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        if problem := places_csv.nesting_problem(child_kind=place.kind, parent_kind=parent.kind):
            raise DomainError(f"Choose a different place it is in: {problem}.")
    if place.pk is not None:
        for child in place.children.all():
            if problem := places_csv.nesting_problem(child_kind=child.kind, parent_kind=place.kind):
                raise DomainError(f"{child.name} is inside this place and {problem}.")


@transaction.atomic
def place_create(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    by: User,
    parent: Place | None = None,
    code: str = "",
) -> Place:
    """Add a place to the organisation's hierarchy (authority, area, ward, neighbourhood)."""
    permissions.require(by, "commissioning.edit", organisation)
    place = Place(
        organisation=organisation, name=name.strip(), kind=kind, parent=parent, code=code.strip()
    )
    _check_place(place)
    place.save()
    audit_record(actor=by, verb="created", target=place, organisation=organisation)
    return place


PLACE_EDITABLE_FIELDS = ("name", "kind", "parent", "code")


@transaction.atomic
def place_update(*, place: Place, by: User, **fields: Any) -> Place:
    """Rename, re-code or move a place, keeping the hierarchy free of loops."""
    permissions.require(by, "commissioning.edit", place)
    _check_editable(fields, PLACE_EDITABLE_FIELDS)
    place = Place.objects.select_for_update().select_related("organisation").get(pk=place.pk)
    for name in ("name", "code"):
        if name in fields:
            fields[name] = fields[name].strip()
    changes = _apply(place, fields)
    _check_place(place)
    if changes:
        place.save()
        audit_record(actor=by, verb="updated", target=place, changes=changes)
    return place


@dataclass(frozen=True)
class PlacesImported:
    created: list[str]
    updated: list[str]


@transaction.atomic
def places_import(*, organisation: Organisation, data: bytes, by: User) -> PlacesImported:
    """Create or update places from a CSV file, all or nothing.

    Every row is checked first (see places_csv); if any row is bad nothing is saved and
    the error lists each bad row. A name already saved updates that place, so importing
    the same file twice changes nothing the second time.
    """
    permissions.require(by, "commissioning.edit", organisation)
    saved = {
        place.name.lower(): place
        for place in Place.objects.select_for_update(of=("self",))
        .filter(organisation=organisation)
        .select_related("parent")
    }
    existing = {
        key: places_csv.ExistingPlace(
            name=place.name, kind=place.kind, parent=place.parent.name if place.parent else ""
        )
        for key, place in saved.items()
    }
    rows = places_csv.check_rows(places_csv.read_rows(data), existing)
    created: list[str] = []
    updated: list[str] = []
    changes_by_place: dict[str, dict[str, list[Any]]] = {}
    # Save every place first, then link parents, because a parent may come later in the file.
    for row in rows:
        place = saved.get(row.name.lower())
        if place is None:
            place = Place.objects.create(
                organisation=organisation, name=row.name, kind=row.kind, code=row.code
            )
            saved[row.name.lower()] = place
            created.append(place.name)
        else:
            changes = _apply(place, {"kind": row.kind, "code": row.code})
            if changes:
                place.save()
            changes_by_place[place.name] = changes
    for row in rows:
        place = saved[row.name.lower()]
        parent = saved[row.parent.lower()] if row.parent else None
        if place.parent_id != (parent.pk if parent else None):
            before = place.parent.name if place.parent_id and place.parent else None
            place.parent = parent
            place.save(update_fields=["parent"])
            if place.name in changes_by_place:
                changes_by_place[place.name]["parent"] = [before, parent.name if parent else None]
    for row in rows:
        place = saved[row.name.lower()]
        if place.name in created:
            audit_record(actor=by, verb="created", target=place, organisation=organisation)
        elif changes_by_place.get(place.name):
            updated.append(place.name)
            audit_record(
                actor=by,
                verb="updated",
                target=place,
                organisation=organisation,
                changes=changes_by_place[place.name],
            )
    audit_record(
        actor=by,
        verb="places imported",
        target=organisation,
        organisation=organisation,
        changes={"created": created, "updated": updated, "rows": len(rows)},
    )
    return PlacesImported(created=created, updated=updated)


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


NEED_EDITABLE_FIELDS = ("title", "description", "population_group", "missions", "places")


@transaction.atomic
def need_update(*, need: Need, by: User, **fields: Any) -> Need:
    """Change a need's wording, who has it, and the missions and places it is tagged with.

    Missions and places must belong to the need's own organisation.
    """
    permissions.require(by, "commissioning.edit", need)
    _check_editable(fields, NEED_EDITABLE_FIELDS)
    need = Need.objects.select_for_update().select_related("organisation").get(pk=need.pk)
    changes: dict[str, list[Any]] = {}
    for name in ("missions", "places"):
        if name in fields:
            chosen = _check_belongs(need.organisation, fields.pop(name), name)
            before = sorted(getattr(need, name).values_list("pk", flat=True))
            after = sorted(obj.pk for obj in chosen)
            if before != after:
                getattr(need, name).set(chosen)
                changes[name] = [before, after]
    for name in ("title", "population_group"):
        if name in fields:
            fields[name] = fields[name].strip()
    if "title" in fields and not fields["title"]:
        raise DomainError("Enter the title of the need.")
    changes.update(_apply(need, fields))
    if changes:
        need.save()
        audit_record(actor=by, verb="updated", target=need, changes=changes)
    return need


# --- Evidence ----------------------------------------------------------------------------
# What each kind of evidence must say, beyond its summary.
EVIDENCE_FIELDS: dict[str, tuple[str, ...]] = {
    EvidenceKind.STATEMENT: ("source", "source_date"),
    EvidenceKind.DATA_POINT: ("value", "source", "source_date"),
    EvidenceKind.LINK: ("url", "source", "source_date"),
    EvidenceKind.DOCUMENT: ("source", "source_date"),
    EvidenceKind.COMMUNITY_VOICE: ("attribution", "source_date"),
}


def _check_url(url: str) -> str:
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        raise DomainError("Enter a web address that starts with http:// or https://")
    return url


def _check_attribution(attribution: str) -> str:
    attribution = attribution.strip()
    if not attribution:
        raise DomainError("Say who said it without naming them, like “Parent, Kestrel estate”.")
    digits = sum(character.isdigit() for character in attribution)
    if "@" in attribution or digits >= 6:
        raise DomainError(
            "Describe who said it without contact details, like “Parent, Kestrel estate”."
        )
    return attribution


@transaction.atomic
def evidence_add(
    *,
    need: Need,
    kind: str,
    summary: str,
    by: User,
    value: str = "",
    source: str = "",
    source_date: datetime.date | None = None,
    url: str = "",
    document: UploadedFile | None = None,
    attribution: str = "",
) -> EvidenceItem:
    """Add a piece of evidence to a need.

    Each kind says what it needs: a data point has a value, a source and a date; a link
    is a web address (http or https only); a document is a checked upload kept in
    private storage; community voice is a quote with an anonymous attribution.
    """
    permissions.require(by, "commissioning.edit", need)
    if kind not in EvidenceKind.values:
        raise DomainError("Choose the kind of evidence.")
    summary = summary.strip()
    if not summary:
        raise DomainError(
            "Enter what the person said."
            if kind == EvidenceKind.COMMUNITY_VOICE
            else "Enter a summary of the evidence."
        )
    item = EvidenceItem(need=need, kind=kind, summary=summary, created_by=by)
    allowed = EVIDENCE_FIELDS[kind]
    if "source" in allowed:
        item.source = source.strip()
    if "source_date" in allowed:
        item.source_date = source_date
    if kind == EvidenceKind.DATA_POINT:
        item.value = value.strip()
        if not item.value:
            raise DomainError("Enter the figure, like 38% or 1,200 households.")
        if not item.source:
            raise DomainError("Enter where the figure comes from.")
        if item.source_date is None:
            raise DomainError("Enter the date of the figure.")
    elif kind == EvidenceKind.LINK:
        item.url = _check_url(url)
    elif kind == EvidenceKind.COMMUNITY_VOICE:
        item.attribution = _check_attribution(attribution)
    try:
        item.full_clean(exclude=["document", "created_by", "need"])
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    if kind == EvidenceKind.DOCUMENT:
        if document is None:
            raise DomainError("Choose a file to upload.")
        extension = uploads.check_upload(document)
        item.document.name = default_storage.save(
            uploads.private_name("evidence", extension), document
        )
    item.save()
    audit_record(
        actor=by,
        verb="evidence added",
        target=need,
        changes={"evidence": item.pk, "kind": kind},
    )
    return item


@transaction.atomic
def evidence_remove(*, evidence: EvidenceItem, by: User) -> None:
    """Remove a piece of evidence from its need; an uploaded file is deleted once saved."""
    need = evidence.need
    permissions.require(by, "commissioning.edit", need)
    audit_record(
        actor=by,
        verb="evidence removed",
        target=need,
        changes={"kind": evidence.kind, "summary": evidence.summary[:200]},
    )
    uploads.delete_after_commit(evidence.document)
    evidence.delete()


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
        # Its last live tender was cancelled: the route stands, ready for another tender.
        CommissionStatus.ROUTE_DECIDED,
        # A failed tender can send the commission back to weigh the options.
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


# The moves a person makes on the commission page. The route is decided on the options
# appraisal page, and procurement, delivery and review follow from tenders and contracts
# (the events at the end of this section).
MOVED_BY_HAND = frozenset(
    {CommissionStatus.SCOPING, CommissionStatus.OPTIONS_APPRAISAL, CommissionStatus.CLOSED}
)


def commission_next_statuses(commission: Commission) -> list[tuple[str, str]]:
    """The statuses a person may move a commission to from its page, in lifecycle order."""
    return lifecycle.next_choices(commission, ALLOWED, among=MOVED_BY_HAND)


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


def commission_transition(*, commission: Commission, to: str, by: User) -> Commission:
    """The only place a commission's status changes; records who moved it and when."""
    return lifecycle.transition(
        commission, to=to, allowed=ALLOWED, by=by, action="commissioning.edit"
    )


# --- What moves a commission on: events in procurement and contracts ---------------------
# Procurement and contracts call these (commissioning never imports them). Each moves the
# commission only from the statuses it names and leaves it alone in any other, so an event
# that happens again (a second tender published) changes and records nothing. The person
# whose action raised the event is recorded as moving the commission.
def commission_procurement_started(*, commission: Commission, by: User | None) -> Commission:
    """A tender for the commission was published: a commission whose route is decided, or
    that is under review, is now in procurement. One still in scoping or options appraisal
    stays there, because a tender does not make the route decision for a person."""
    return lifecycle.follow(
        commission,
        to=CommissionStatus.IN_PROCUREMENT,
        sources={CommissionStatus.ROUTE_DECIDED, CommissionStatus.UNDER_REVIEW},
        allowed=ALLOWED,
        by=by,
        reason="A tender was published.",
    )


def commission_procurement_stopped(*, commission: Commission, by: User | None) -> Commission:
    """The commission's last live tender was cancelled: it goes back from procurement to
    route decided. The route still stands, so another tender can be published, or the
    decision revisited on the options appraisal page."""
    return lifecycle.follow(
        commission,
        to=CommissionStatus.ROUTE_DECIDED,
        sources={CommissionStatus.IN_PROCUREMENT},
        allowed=ALLOWED,
        by=by,
        reason="Its last live tender was cancelled.",
    )


def commission_delivery_started(*, commission: Commission, by: User | None) -> Commission:
    """A contract or agreement for the commission was added to the register, by hand or
    by the award of a tender: a commission whose route is decided, in procurement or under
    review is now in delivery."""
    return lifecycle.follow(
        commission,
        to=CommissionStatus.IN_DELIVERY,
        sources={
            CommissionStatus.ROUTE_DECIDED,
            CommissionStatus.IN_PROCUREMENT,
            CommissionStatus.UNDER_REVIEW,
        },
        allowed=ALLOWED,
        by=by,
        reason="A contract for it was added to the register.",
    )


def commission_delivery_ended(*, commission: Commission, by: User | None) -> Commission:
    """Every contract for the commission has ended (expired or ended early): a commission
    in delivery is now under review, to decide what comes next."""
    return lifecycle.follow(
        commission,
        to=CommissionStatus.UNDER_REVIEW,
        sources={CommissionStatus.IN_DELIVERY},
        allowed=ALLOWED,
        by=by,
        reason="All its contracts have ended.",
    )
