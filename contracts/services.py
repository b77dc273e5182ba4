"""Writes for contracts and check-ins: every rule about them lives here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import Membership, Organisation, Role, User
from accounts.services import audit_record
from commissioning.models import Commission, Mission, Outcome, Place
from commissioning.services import commission_delivery_ended, commission_delivery_started
from commissioning.specifications.selectors import version_outcomes
from contracts import notices
from contracts.indicators.services import check_kpi_value, kpi_reading_feed
from contracts.models import (
    MAX_CONTRACT_VALUE,
    Action,
    CheckIn,
    CheckInContribution,
    CheckInStatus,
    Contract,
    ContractKind,
    ContractStatus,
    Decision,
    ExtensionOption,
    HealthDimension,
    HealthRating,
    Kpi,
    KpiRating,
    KpiReading,
    LearningEntry,
    Modification,
    PerformanceAssessment,
    Rating,
    RecommissioningDecision,
    Side,
)
from core.errors import DomainError
from core.formatting import uk_date

if TYPE_CHECKING:
    from procurement.models import Tender


class ContractInvalid(DomainError):
    """A broken rule, usually about one field (`field`), so a form shows it beside it."""


# Once a contract has ended, it stays ended; when every contract for a commission has, the
# commission is under review.
ENDED = frozenset({ContractStatus.EXPIRED, ContractStatus.TERMINATED})

ALLOWED: dict[str, set[str]] = {
    ContractStatus.MOBILISING: {ContractStatus.ACTIVE, ContractStatus.TERMINATED},
    ContractStatus.ACTIVE: {
        ContractStatus.IN_EXTENSION,
        ContractStatus.EXPIRED,
        ContractStatus.TERMINATED,
    },
    # A contract with several options (say "1 + 1 + 1 years") is extended once per option.
    ContractStatus.IN_EXTENSION: {
        ContractStatus.IN_EXTENSION,
        ContractStatus.EXPIRED,
        ContractStatus.TERMINATED,
    },
    ContractStatus.EXPIRED: set(),
    ContractStatus.TERMINATED: set(),
}


def contract_transition(
    *,
    contract: Contract,
    to: str,
    by: User | None,
    changes: dict[str, object] | None = None,
) -> Contract:
    """The only place a contract's status changes; records who moved it and when.

    Permission is checked by the named event services, so that scheduled work (such as
    expiry at the end date) can use this too.
    """
    return lifecycle.transition(contract, to=to, allowed=ALLOWED, by=by, changes=changes)


@transaction.atomic
def contract_start(*, contract: Contract, by: User) -> Contract:
    """Mobilisation is over and the service is running for people."""
    permissions.require(by, "contract.manage", contract)
    return contract_transition(contract=contract, to=ContractStatus.ACTIVE, by=by)


@transaction.atomic
def contract_extend(*, contract: Contract, new_end_date: datetime.date, by: User) -> Contract:
    """Use an extension: the contract runs on to a later end date."""
    permissions.require(by, "contract.manage", contract)
    if new_end_date <= contract.end_date:
        raise ContractInvalid(
            f"The new end date must be after {uk_date(contract.end_date)}.",
            field="new_end_date",
        )
    previous_end = contract.end_date
    contract = contract_transition(
        contract=contract,
        to=ContractStatus.IN_EXTENSION,
        by=by,
        changes={"end_date": [previous_end.isoformat(), new_end_date.isoformat()]},
    )
    contract.end_date = new_end_date
    contract.save(update_fields=["end_date", "updated_at"])
    return contract


@transaction.atomic
def contract_expire(*, contract: Contract, by: User) -> Contract:
    """The contract has reached its end date (with any extension used)."""
    permissions.require(by, "contract.manage", contract)
    contract = contract_transition(contract=contract, to=ContractStatus.EXPIRED, by=by)
    _commission_after_ending(contract, by)
    return contract


@transaction.atomic
def contract_terminate(*, contract: Contract, reason: str, by: User) -> Contract:
    """End the contract early. The reason is kept, so the ending can be learned from."""
    permissions.require(by, "contract.manage", contract)
    reason = reason.strip()
    if not reason:
        raise ContractInvalid("Enter why the contract is ending early.", field="reason")
    contract = contract_transition(
        contract=contract, to=ContractStatus.TERMINATED, by=by, changes={"reason": reason}
    )
    _commission_after_ending(contract, by)
    return contract


def _commission_after_ending(contract: Contract, by: User | None) -> None:
    """The last of a commission's contracts to end puts the commission under review."""
    if contract.commission_id is None:
        return
    running = Contract.objects.filter(commission_id=contract.commission_id).exclude(
        status__in=ENDED
    )
    if not running.exists():
        commission_delivery_ended(commission=contract.commission, by=by)


def _require_own(items: Iterable[Mission | Place], organisation: Organisation, field: str) -> list:
    items = list(items)
    if any(item.organisation_id != organisation.pk for item in items):
        noun = "missions" if field == "missions" else "places"
        raise ContractInvalid(f"Choose {noun} that belong to {organisation}.", field=field)
    return items


def _check_value_and_dates(
    value: Decimal | int, start_date: datetime.date, end_date: datetime.date
) -> None:
    if Decimal(value) < 0:
        raise ContractInvalid("The value must be £0 or more.", field="value")
    if end_date < start_date:
        raise ContractInvalid(
            "The end date must be the same as or after the start date.", field="end_date"
        )


def _check_manager(contract_manager: User | None, organisation: Organisation) -> None:
    if (
        contract_manager is not None
        and not Membership.objects.filter(
            user=contract_manager, organisation=organisation, role=Role.CONTRACT_MANAGER
        ).exists()
    ):
        raise ContractInvalid(
            f"Choose a contract manager from {organisation}.", field="contract_manager"
        )


def _check_links(
    organisation: Organisation,
    missions: Iterable[Mission],
    places: Iterable[Place],
    outcomes: Iterable[Outcome],
) -> tuple[list[Mission], list[Place], list[Outcome]]:
    """Missions, places and outcomes must be the buyer's own."""
    missions = _require_own(missions, organisation, "missions")
    places = _require_own(places, organisation, "places")
    outcomes = list(outcomes)
    if any(outcome.mission.organisation_id != organisation.pk for outcome in outcomes):
        raise ContractInvalid(
            f"Choose outcomes of missions that belong to {organisation}.", field="outcomes"
        )
    return missions, places, outcomes


def _carried_over(
    *,
    commission: Commission | None,
    tender: Tender | None,
    missions: Iterable[Mission],
    places: Iterable[Place],
    outcomes: Iterable[Outcome],
) -> tuple[list[Mission], list[Place], list[Outcome]]:
    """What a contract serves, carried from the work that led to it.

    A contract for a commission serves the commission's missions, places and outcomes,
    and a contract from a tender also the outcomes its specification version sought, so
    nothing is lost at the hand-over. What the caller chose is kept: the carried links
    fill only what was left empty (a lot's contract may name its own places).
    """
    missions, places, outcomes = list(missions), list(places), list(outcomes)
    if commission is None:
        return missions, places, outcomes
    if not missions:
        missions = list(commission.missions.all())
    if not places:
        places = list(commission.places.all())
    if not outcomes:
        outcomes = list(commission.outcomes.select_related("mission"))
        if tender is not None:
            known = {outcome.pk for outcome in outcomes}
            outcomes += [
                outcome
                for outcome in version_outcomes(tender.specification_version)
                if outcome.pk not in known
            ]
    return missions, places, outcomes


@transaction.atomic
def contract_create(
    *,
    organisation: Organisation,
    title: str,
    kind: str,
    provider: Organisation | None = None,
    provider_name: str = "",
    value: Decimal | int,
    start_date: datetime.date,
    end_date: datetime.date,
    contract_manager: User | None = None,
    missions: Iterable[Mission] = (),
    places: Iterable[Place] = (),
    outcomes: Iterable[Outcome] = (),
    commission: Commission | None = None,
    tender: Tender | None = None,
    by: User,
) -> Contract:
    """Add a contract or agreement to a public body's register.

    Used for in-house, grant and partnership agreements entered directly, and by the
    award of a tender. The delivering party is either a provider organisation or the
    name of a team (never both); an in-house agreement is always with a named team.
    Missions, places, the commission and the tender must be the buyer's own, and the
    contract manager must hold that role at the buyer. The commission's missions, places
    and outcomes (and a tender's specification outcomes) are carried into the contract
    (`_carried_over`). The commission, if any, is then in delivery.
    """
    permissions.require(by, "contract.manage", organisation)
    if not organisation.is_public_body:
        raise ContractInvalid("Only public bodies can hold contracts in the register.")
    title = title.strip()
    provider_name = provider_name.strip()
    if not title:
        raise ContractInvalid("Enter a title for the contract.", field="title")
    if kind not in ContractKind.values:
        raise ContractInvalid("Choose the kind of agreement.", field="kind")
    if provider is not None and provider_name:
        raise ContractInvalid(
            "Choose a provider organisation or enter the name of a team, not both.",
            field="provider_name",
        )
    if provider is None and not provider_name:
        raise ContractInvalid(
            "Choose a provider organisation or enter the name of the team delivering it.",
            field="provider",
        )
    if kind == ContractKind.IN_HOUSE and provider is not None:
        raise ContractInvalid(
            "An in-house service agreement is with one of your own teams. "
            "Enter the team's name instead of choosing an organisation.",
            field="provider_name",
        )
    if kind == ContractKind.TENDERED and provider is None:
        raise ContractInvalid(
            "A contract from a tender is with the supplier that won it. Choose the supplier.",
            field="provider",
        )
    if provider is not None and provider.pk == organisation.pk:
        raise ContractInvalid(
            "For work your own teams deliver, enter the team's name instead.",
            field="provider",
        )
    _check_value_and_dates(value, start_date, end_date)
    _check_manager(contract_manager, organisation)
    missions, places, outcomes = _carried_over(
        commission=commission, tender=tender, missions=missions, places=places, outcomes=outcomes
    )
    missions, places, outcomes = _check_links(organisation, missions, places, outcomes)
    if commission is not None and commission.organisation_id != organisation.pk:
        raise ContractInvalid(f"Choose a commission that belongs to {organisation}.")
    if tender is not None and tender.organisation_id != organisation.pk:
        raise ContractInvalid(f"Choose a tender that belongs to {organisation}.")

    contract = Contract.objects.create(
        organisation=organisation,
        title=title,
        kind=kind,
        provider=provider,
        provider_name=provider_name,
        value=value,
        start_date=start_date,
        end_date=end_date,
        contract_manager=contract_manager,
        commission=commission,
        tender=tender,
    )
    contract.missions.set(missions)
    contract.places.set(places)
    contract.outcomes.set(outcomes)
    audit_record(
        actor=by,
        verb="created",
        target=contract,
        changes={
            "kind": kind,
            "provider": contract.provider_display,
            "value": str(value),
            "start_date": start_date.isoformat(),
            "end_date": end_date.isoformat(),
        },
    )
    if commission is not None:
        commission_delivery_started(commission=commission, by=by)
    return contract


@transaction.atomic
def contract_update(
    *,
    contract: Contract,
    title: str,
    contract_manager: User | None,
    start_date: datetime.date,
    end_date: datetime.date,
    missions: Iterable[Mission],
    places: Iterable[Place],
    outcomes: Iterable[Outcome],
    value: Decimal | int,
    value_reason: str = "",
    by: User,
) -> Contract:
    """Change what a contract says as things move on: its title, manager, dates, the
    missions, places and outcomes it serves, and its value.

    The buyer's contract managers and commissioners may. A change of value needs a
    reason, and is also logged as a change to the contract with that reason. Every change
    is recorded in the audit log, before and after.
    """
    permissions.require(by, "contract.manage", contract)
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("organisation", "contract_manager")
        .get(pk=contract.pk)
    )
    organisation = contract.organisation
    title, value_reason, value = title.strip(), value_reason.strip(), Decimal(value)
    if not title:
        raise ContractInvalid("Enter a title for the contract.", field="title")
    _check_value_and_dates(value, start_date, end_date)
    _check_manager(contract_manager, organisation)
    missions, places, outcomes = _check_links(organisation, missions, places, outcomes)
    value_change = value - contract.value
    if value_change and not value_reason:
        raise ContractInvalid("Enter why the value is changing.", field="value_reason")

    changes: dict[str, object] = {}
    fields = {
        "title": title,
        "contract_manager": contract_manager,
        "start_date": start_date,
        "end_date": end_date,
        "value": value,
    }
    for name, new in fields.items():
        old = getattr(contract, name)
        if old != new:
            changes[name] = [_audit_value(old), _audit_value(new)]
            setattr(contract, name, new)
    for name, chosen in (("missions", missions), ("places", places), ("outcomes", outcomes)):
        relation = getattr(contract, name)
        before = sorted(relation.values_list("pk", flat=True))
        after = sorted({item.pk for item in chosen})
        if before != after:
            changes[name] = [before, after]
            relation.set(chosen)
    if not changes:
        return contract
    contract.save()
    if value_change:
        changes["value_reason"] = value_reason
        Modification.objects.create(
            contract=contract,
            made_on=timezone.localdate(),
            description=f"Value changed from £{value - value_change:,.2f} to £{value:,.2f}.",
            reason=value_reason,
            value_change=value_change,
            recorded_by=by,
        )
    audit_record(actor=by, verb="edited", target=contract, changes=changes)
    return contract


def _audit_value(value: object) -> object:
    if isinstance(value, User):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- Check-ins: written by both sides ------------------------------------------------------
def sides_written_by(user: User, contract: Contract) -> list[str]:
    """The sides of the relationship this person may write for.

    The buyer's managers write the buyer's side; the provider's people write the
    provider's side. For an in-house team, which is not an organisation in Kindred, the
    buyer's contract managers lead the service and so may write both.
    """
    sides = []
    if permissions.can(user, "contract.manage", contract):
        sides.append(Side.BUYER)
    if permissions.can(user, "contract.provide", contract):
        sides.append(Side.PROVIDER)
    return sides


def sides_read_by(user: User, contract: Contract) -> set[str]:
    """The sides whose drafts this person may read before a check-in is shared."""
    sides = set()
    if permissions.can(user, "contract.buyer_reads", contract):
        sides.add(Side.BUYER)
    if permissions.can(user, "contract.provider_reads", contract) or permissions.can(
        user, "contract.provide", contract
    ):
        sides.add(Side.PROVIDER)
    return sides


CHECKIN_ALLOWED: dict[str, set[str]] = {
    CheckInStatus.SCHEDULED: {CheckInStatus.OPEN},
    CheckInStatus.OPEN: {CheckInStatus.PUBLISHED},
    CheckInStatus.PUBLISHED: set(),
}


def checkin_transition(*, checkin: CheckIn, to: str, by: User | None) -> CheckIn:
    """The only place a check-in's status changes; refuses moves the lifecycle does not allow."""
    also = {"published_at": timezone.now()} if to == CheckInStatus.PUBLISHED else {}
    return lifecycle.transition(
        checkin, to=to, allowed=CHECKIN_ALLOWED, by=by, also=also, noun="check-in"
    )


@transaction.atomic
def checkin_schedule(
    *,
    contract: Contract,
    first_on: datetime.date,
    cadence_months: int | None = None,
    count: int = 1,
    by: User,
) -> list[CheckIn]:
    """Put check-ins in the diary: one ad-hoc date, or a series at a regular cadence.

    The cadence is kept on the contract so the register shows how often the two sides
    meet. A series is limited to 24 dates so a slip of the keyboard cannot fill the diary,
    and every date falls within the contract, from its start date to its end date.
    """
    permissions.require(by, "contract.manage", contract)
    if not 1 <= count <= 24:
        raise ContractInvalid("Schedule between 1 and 24 check-ins at a time.", field="count")
    if count > 1 and not cadence_months:
        raise ContractInvalid(
            "Choose how often you will meet to schedule more than one.", field="cadence_months"
        )
    try:
        dates = [add_months(first_on, (cadence_months or 0) * n) for n in range(count)]
    except OverflowError:
        _check_within_contract(contract, [first_on])
        # The series runs past the year 9999, so past any contract's end.
        raise ContractInvalid(
            f"The last check-in would be after the contract ends on {uk_date(contract.end_date)}."
            " Schedule fewer check-ins.",
            field="count",
        ) from None
    _check_within_contract(contract, dates)
    checkins = CheckIn.objects.bulk_create(CheckIn(contract=contract, held_on=d) for d in dates)
    if cadence_months:
        contract.checkin_cadence_months = cadence_months
        contract.save(update_fields=["checkin_cadence_months", "updated_at"])
    audit_record(
        actor=by,
        verb="check-ins scheduled",
        target=contract,
        changes={"dates": [d.isoformat() for d in dates], "cadence_months": cadence_months},
    )
    return checkins


def _check_within_contract(contract: Contract, dates: list[datetime.date]) -> None:
    start, end = contract.start_date, contract.end_date
    period = f"{uk_date(start)} to {uk_date(end)}"
    if not start <= dates[0] <= end:
        raise ContractInvalid(
            f"The date of the first check-in must be within the contract, from {period}.",
            field="first_on",
        )
    if dates[-1] > end:
        raise ContractInvalid(
            f"The last check-in would be on {uk_date(dates[-1])}, after the contract ends"
            f" on {uk_date(end)}. Schedule fewer check-ins.",
            field="count",
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier); OverflowError past the last year a date
    can hold (9999), which a date typed into a form may reach."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise OverflowError(f"{months} months from {day.isoformat()} is past year {year}")
    # The 31st of a short month falls back to its last day.
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


RatingsInput = dict[str, tuple[int | None, str]]


@transaction.atomic
def checkin_contribute(
    *,
    checkin: CheckIn,
    side: str,
    story: str,
    went_well: str = "",
    was_hard: str = "",
    learning: str = "",
    outcome_contribution: str = "",
    ratings: RatingsInput | None = None,
    submit: bool = False,
    by: User,
) -> CheckInContribution:
    """Write (or keep drafting) one side's part of a check-in.

    Each side's draft is private to that side. Once submitted it cannot change, and
    once both sides have submitted the check-in is shared with both. Relationship
    ratings are optional, but any given must be from 1 to 5. A check-in records
    contribution and learning, not blame, so only the story is required to submit.
    """
    checkin = CheckIn.objects.select_for_update().select_related("contract").get(pk=checkin.pk)
    contract = checkin.contract
    if side not in sides_written_by(by, contract):
        raise PermissionDenied("You cannot write this side of the check-in.")
    if checkin.status == CheckInStatus.PUBLISHED:
        raise ContractInvalid("This check-in has been shared, so it can no longer change.")
    story = story.strip()
    if submit and not story:
        raise ContractInvalid(
            "Enter what happened for the people using the service.", field="story"
        )
    if submit and checkin.held_on > timezone.localdate():
        raise ContractInvalid(
            "You can submit your part on or after the day of the check-in.", field="story"
        )
    ratings = ratings or {}
    for dimension, (score, _comment) in ratings.items():
        if dimension not in HealthDimension.values:
            raise ContractInvalid(f"There is no rating called {dimension}.")
        if score is not None and not 1 <= int(score) <= 5:
            raise ContractInvalid("Ratings go from 1 to 5.", field=f"{dimension}_score")
    contribution = CheckInContribution.objects.filter(checkin=checkin, side=side).first()
    if contribution is not None and contribution.is_submitted:
        raise ContractInvalid("Your side of this check-in is already submitted.")
    if contribution is None:
        contribution = CheckInContribution(checkin=checkin, side=side)
    contribution.story = story
    contribution.went_well = went_well.strip()
    contribution.was_hard = was_hard.strip()
    contribution.learning = learning.strip()
    contribution.outcome_contribution = outcome_contribution.strip()
    contribution.author = by
    if submit:
        contribution.submitted_at = timezone.now()
    contribution.save()
    contribution.ratings.all().delete()
    HealthRating.objects.bulk_create(
        HealthRating(
            contribution=contribution,
            dimension=dimension,
            score=int(score),
            comment=comment.strip(),
        )
        for dimension, (score, comment) in ratings.items()
        if score is not None
    )
    audit_record(
        actor=by,
        verb="submitted" if submit else "drafted",
        target=checkin,
        changes={"side": side},
    )
    if checkin.status == CheckInStatus.SCHEDULED:
        checkin = checkin_transition(checkin=checkin, to=CheckInStatus.OPEN, by=by)
    if submit and checkin.contributions.filter(submitted_at__isnull=False).count() == len(Side):
        checkin_transition(checkin=checkin, to=CheckInStatus.PUBLISHED, by=by)
    if submit:
        notices.checkin_side_submitted(checkin=checkin, side=side, by=by)
    return contribution


@transaction.atomic
def checkin_publish(*, checkin: CheckIn, by: User) -> CheckIn:
    """The contract manager shares a check-in before both sides have submitted.

    Only submitted parts are shown; an unsubmitted draft stays private to its side.
    At least one side must have submitted, so there is something to share.
    """
    permissions.require(by, "contract.manage", checkin.contract)
    if not checkin.contributions.filter(submitted_at__isnull=False).exists():
        raise ContractInvalid("Submit at least one side of the check-in before sharing it.")
    return checkin_transition(checkin=checkin, to=CheckInStatus.PUBLISHED, by=by)


@transaction.atomic
def checkin_record(
    *,
    contract: Contract,
    held_on: datetime.date,
    story: str,
    went_well: str = "",
    was_hard: str = "",
    learning: str = "",
    outcome_contribution: str = "",
    ratings: RatingsInput | None = None,
    by: User,
) -> CheckIn:
    """Record a check-in that has happened, with your side's part submitted at once.

    Uses the check-in already in the diary for that date if there is one, so a scheduled
    check-in is not duplicated. It cannot be dated in the future.
    """
    permissions.require(by, "checkin.write", contract)
    if not story.strip():
        raise ContractInvalid(
            "Enter what happened for the people using the service.", field="story"
        )
    if held_on > timezone.localdate():
        raise ContractInvalid(
            "The date of the check-in must be today or in the past.", field="held_on"
        )
    sides = sides_written_by(by, contract)
    side = sides[0]
    checkin = (
        contract.checkins.filter(held_on=held_on)
        .exclude(status=CheckInStatus.PUBLISHED)
        .exclude(contributions__side=side, contributions__submitted_at__isnull=False)
        .first()
    )
    if checkin is None:
        checkin = CheckIn.objects.create(contract=contract, held_on=held_on)
        audit_record(
            actor=by,
            verb="created",
            target=checkin,
            changes={"contract": contract.pk, "held_on": held_on.isoformat()},
        )
    checkin_contribute(
        checkin=checkin,
        side=side,
        story=story,
        went_well=went_well,
        was_hard=was_hard,
        learning=learning,
        outcome_contribution=outcome_contribution,
        ratings=ratings,
        submit=True,
        by=by,
    )
    checkin.refresh_from_db()
    return checkin


# --- Actions -------------------------------------------------------------------------------
@transaction.atomic
def action_add(
    *,
    contract: Contract,
    description: str,
    owner: str,
    due_date: datetime.date | None = None,
    raised_in: CheckIn | None = None,
    by: User,
) -> Action:
    """Agree an action. It stays on the contract, and on each later check-in, until done.
    Its due date, if it has one, is today or later: an action is something still to do."""
    permissions.require(by, "checkin.write", contract)
    description, owner = description.strip(), owner.strip()
    if not description:
        raise ContractInvalid("Enter what will be done.", field="description")
    if not owner:
        raise ContractInvalid("Enter who will do it.", field="owner")
    if due_date is not None and due_date < timezone.localdate():
        raise ContractInvalid("The date must be today or in the future.", field="due_date")
    if raised_in is not None and raised_in.contract_id != contract.pk:
        raise ContractInvalid("That check-in belongs to another contract.")
    action = Action.objects.create(
        contract=contract,
        raised_in=raised_in,
        description=description,
        owner=owner,
        due_date=due_date,
        created_by=by,
    )
    audit_record(actor=by, verb="created", target=action, changes={"owner": owner})
    notices.action_assigned(action=action, by=by)
    return action


@transaction.atomic
def action_complete(*, action: Action, by: User) -> Action:
    """Either side marks an agreed action as done; doing it twice changes nothing."""
    action = Action.objects.select_for_update().select_related("contract").get(pk=action.pk)
    permissions.require(by, "checkin.write", action.contract)
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        audit_record(actor=by, verb="done", target=action)
    return action


# --- KPIs and performance ------------------------------------------------------------------
KPI_THRESHOLD = Decimal("5000000")
KPI_MINIMUM = 3


def kpis_missing(contract: Contract, kpi_count: int) -> int:
    """How many more KPIs a contract needs: those over £5m need at least three."""
    if contract.value > KPI_THRESHOLD:
        return max(0, KPI_MINIMUM - kpi_count)
    return 0


@transaction.atomic
def kpi_add(
    *, contract: Contract, name: str, measure: str, target: str, frequency: str, by: User
) -> Kpi:
    """Agree a key performance indicator for the contract."""
    permissions.require(by, "contract.manage", contract)
    name, measure, target = name.strip(), measure.strip(), target.strip()
    if not name:
        raise ContractInvalid("Enter the name of the KPI.", field="name")
    if not measure:
        raise ContractInvalid("Enter how the KPI is measured.", field="measure")
    if not target:
        raise ContractInvalid("Enter the target.", field="target")
    kpi = Kpi.objects.create(
        contract=contract, name=name, measure=measure, target=target, frequency=frequency
    )
    audit_record(actor=by, verb="created", target=kpi, changes={"target": target})
    return kpi


@transaction.atomic
def kpi_reading_record(
    *,
    kpi: Kpi,
    period: str,
    value: str,
    note: str = "",
    checkin: CheckIn | None = None,
    by: User,
) -> KpiReading:
    """Enter a KPI's value for a period. Either side may; one reading per period. A KPI
    mapped to a mission indicator takes numbers only, and each reading goes on to the
    indicator, attributed to this contract."""
    permissions.require(by, "checkin.write", kpi.contract)
    period, value = period.strip(), value.strip()
    if not period:
        raise ContractInvalid("Enter the period the reading covers.", field="period")
    if not value:
        raise ContractInvalid("Enter the reading.", field="value")
    if KpiReading.objects.filter(kpi=kpi, period__iexact=period).exists():
        raise ContractInvalid(f"There is already a reading for {period}.", field="period")
    check_kpi_value(kpi=kpi, value=value)
    reading = KpiReading.objects.create(
        kpi=kpi, period=period, value=value, note=note.strip(), checkin=checkin, recorded_by=by
    )
    kpi_reading_feed(kpi_reading=reading, by=by)
    audit_record(
        actor=by,
        verb="reading",
        target=kpi,
        changes={"period": period, "value": value},
    )
    return reading


@transaction.atomic
def assessment_record(
    *,
    contract: Contract,
    period: str,
    assessed_on: datetime.date,
    narrative: str,
    ratings: dict[int, tuple[str, str]],
    by: User,
) -> PerformanceAssessment:
    """The annual or end-of-contract assessment: every KPI rated, with a narrative.

    Ratings are the four the Procurement Act 2023 uses: good, approaching target,
    requires improvement, inadequate.
    """
    permissions.require(by, "contract.manage", contract)
    kpis = list(contract.kpis.all())
    if not kpis:
        raise ContractInvalid("Add the contract's KPIs before assessing performance.")
    missing = [kpi.name for kpi in kpis if not ratings.get(kpi.pk, ("", ""))[0]]
    if missing:
        raise ContractInvalid(f"Rate every KPI. Not yet rated: {', '.join(missing)}.")
    if any(rating not in Rating.values for rating, _ in ratings.values()):
        raise ContractInvalid("Choose a rating for every KPI.")
    if not narrative.strip():
        raise ContractInvalid("Describe how the contract performed.", field="narrative")
    assessment = PerformanceAssessment.objects.create(
        contract=contract,
        period=period.strip(),
        assessed_on=assessed_on,
        narrative=narrative.strip(),
        assessed_by=by,
    )
    KpiRating.objects.bulk_create(
        KpiRating(
            assessment=assessment,
            kpi=kpi,
            rating=ratings[kpi.pk][0],
            comment=ratings[kpi.pk][1].strip(),
        )
        for kpi in kpis
    )
    audit_record(
        actor=by,
        verb="assessed",
        target=contract,
        changes={"period": period, "ratings": {str(k): v[0] for k, v in ratings.items()}},
    )
    return assessment


# --- Changes, extensions and what happens next ---------------------------------------------
@transaction.atomic
def modification_record(
    *,
    contract: Contract,
    made_on: datetime.date,
    description: str,
    reason: str,
    value_change: Decimal | int = 0,
    by: User,
) -> Modification:
    """Log a change to the contract. A change in value also changes the contract's value."""
    permissions.require(by, "contract.manage", contract)
    if not description.strip():
        raise ContractInvalid("Describe the change.", field="description")
    if not reason.strip():
        raise ContractInvalid("Enter why the contract is changing.", field="reason")
    value_change = Decimal(value_change)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.value + value_change < 0:
        raise ContractInvalid("The change would make the value less than £0.", field="value_change")
    if contract.value + value_change > MAX_CONTRACT_VALUE:
        raise ContractInvalid(
            f"The change would make the value more than £{MAX_CONTRACT_VALUE:,}.",
            field="value_change",
        )
    modification = Modification.objects.create(
        contract=contract,
        made_on=made_on,
        description=description.strip(),
        reason=reason.strip(),
        value_change=value_change,
        recorded_by=by,
    )
    if value_change:
        contract.value += value_change
        contract.save(update_fields=["value", "updated_at"])
    audit_record(
        actor=by,
        verb="modified",
        target=contract,
        changes={"reason": reason.strip(), "value_change": str(value_change)},
    )
    return modification


@transaction.atomic
def extension_option_add(
    *, contract: Contract, months: int, description: str = "", by: User
) -> ExtensionOption:
    """Record an option the contract gives to run on for longer."""
    permissions.require(by, "contract.manage", contract)
    if months < 1:
        raise ContractInvalid("An extension is at least 1 month.", field="months")
    option = ExtensionOption.objects.create(
        contract=contract, months=months, description=description.strip()
    )
    audit_record(actor=by, verb="created", target=contract, changes={"extension_months": months})
    return option


@transaction.atomic
def extension_option_use(*, option: ExtensionOption, by: User) -> Contract:
    """Take up an extension option: the contract runs on by that many months, once."""
    option = ExtensionOption.objects.select_for_update().get(pk=option.pk)
    if option.used_at is not None:
        raise ContractInvalid("This extension option has already been used.")
    contract = option.contract
    try:
        new_end_date = add_months(contract.end_date, option.months)
    except OverflowError:
        raise ContractInvalid(
            f"The contract cannot run on past {uk_date(datetime.date.max)}, so this option "
            "cannot be used."
        ) from None
    contract = contract_extend(contract=contract, new_end_date=new_end_date, by=by)
    option.used_at = timezone.now()
    option.save(update_fields=["used_at"])
    return contract


@transaction.atomic
def recommissioning_decide(
    *, contract: Contract, decision: str, reason: str, by: User
) -> RecommissioningDecision:
    """Record what happens when the contract ends: extend, buy again, bring in-house or stop.

    Recording a decision stops the expiry reminders for this contract.
    """
    permissions.require(by, "contract.manage", contract)
    if decision not in Decision.values:
        raise ContractInvalid("Choose what will happen.", field="decision")
    if not reason.strip():
        raise ContractInvalid("Enter the reasons for the decision.", field="reason")
    recorded = RecommissioningDecision.objects.create(
        contract=contract, decision=decision, reason=reason.strip(), decided_by=by
    )
    audit_record(actor=by, verb="decided", target=contract, changes={"decision": decision})
    return recorded


# --- Learning ------------------------------------------------------------------------------
@transaction.atomic
def learning_record(
    *,
    organisation: Organisation,
    title: str,
    body: str,
    did_not_work: bool = False,
    is_public: bool = False,
    contract: Contract | None = None,
    checkin: CheckIn | None = None,
    commission: Commission | None = None,
    missions: Iterable[Mission] = (),
    by: User,
) -> LearningEntry:
    """Add to the learning log, including what did not work, so others can use it.

    Entries may be drawn from a check-in or written directly, and linked to missions,
    commissions and contracts of the same public body.
    """
    permissions.require(by, "contract.manage", organisation)
    if not title.strip():
        raise ContractInvalid("Enter a title.", field="title")
    if not body.strip():
        raise ContractInvalid("Enter what was learned.", field="body")
    if checkin is not None:
        contract = contract or checkin.contract
        if checkin.contract_id != contract.pk:
            raise ContractInvalid("That check-in belongs to another contract.")
    for linked in (contract, commission):
        if linked is not None and linked.organisation_id != organisation.pk:
            raise ContractInvalid(f"Link only to records that belong to {organisation}.")
    missions = _require_own(missions, organisation, "missions")
    entry = LearningEntry.objects.create(
        organisation=organisation,
        title=title.strip(),
        body=body.strip(),
        did_not_work=did_not_work,
        is_public=is_public,
        contract=contract,
        checkin=checkin,
        commission=commission,
        written_by=by,
    )
    entry.missions.set(missions)
    audit_record(actor=by, verb="created", target=entry, changes={"public": is_public})
    return entry
