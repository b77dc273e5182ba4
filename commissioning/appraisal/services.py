"""Writes for the options appraisal of a commission: criteria, options, scores, the decision.

The appraisal can change only while the commission is in options appraisal. Once the
route is decided the appraisal is frozen, so the decision always rests on the scores
people saw; to change it, the decision is revisited, which keeps the earlier decision in
the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from accounts.services import audit_record
from commissioning.models import (
    AppraisalCriterion,
    AppraisalOption,
    AppraisalScore,
    Commission,
    CommissionStatus,
    OptionKind,
)
from commissioning.services import ALLOWED, commission_transition
from core.errors import DomainError

MIN_WEIGHT, MAX_WEIGHT = 1, 100
MIN_SCORE, MAX_SCORE = 0, 5
OPTION_EDITABLE_FIELDS = (
    "kind",
    "title",
    "description",
    "benefits",
    "risks",
    "cost_estimate",
    "social_value",
)
# Statuses from which a decided route may be looked at again.
REOPENABLE = frozenset(
    status for status, targets in ALLOWED.items() if CommissionStatus.OPTIONS_APPRAISAL in targets
) - {CommissionStatus.SCOPING}


class ScoreEntry(NamedTuple):
    """One cell of the scoring grid: a score from 0 to 5 (None if not scored) and a note."""

    score: int | None
    note: str = ""


# --- Guards ----------------------------------------------------------------------------
def _locked(commission: Commission) -> Commission:
    return Commission.objects.select_for_update().get(pk=commission.pk)


def _require_appraising(commission: Commission) -> None:
    """The appraisal changes only while the commission is in options appraisal."""
    if commission.status == CommissionStatus.OPTIONS_APPRAISAL:
        return
    if commission.status == CommissionStatus.SCOPING:
        raise DomainError("Start the options appraisal before you change it.")
    if commission.status == CommissionStatus.CLOSED:
        raise DomainError("This commission is closed, so its appraisal cannot change.")
    raise DomainError(
        "The route has been decided. Revisit the decision before you change the appraisal."
    )


def _clean_name(name: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(f"Enter {what}.")
    return name


def _check_weight(weight: int) -> int:
    if not isinstance(weight, int) or isinstance(weight, bool):
        raise DomainError("Enter the weight as a whole number from 1 to 100.")
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise DomainError("The weight must be a whole number from 1 to 100.")
    return weight


def _criterion_name_taken(*, commission: Commission, name: str, exclude_pk: int | None) -> bool:
    criteria = AppraisalCriterion.objects.filter(commission=commission, name__iexact=name)
    if exclude_pk is not None:
        criteria = criteria.exclude(pk=exclude_pk)
    return criteria.exists()


def _option_title_taken(*, commission: Commission, title: str, exclude_pk: int | None) -> bool:
    options = AppraisalOption.objects.filter(commission=commission, title__iexact=title)
    if exclude_pk is not None:
        options = options.exclude(pk=exclude_pk)
    return options.exists()


def _next_position(queryset: Any) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


# --- Starting and revisiting -----------------------------------------------------------
@transaction.atomic
def appraisal_start(*, commission: Commission, by: User) -> Commission:
    """Start the options appraisal: the commission moves from scoping to options appraisal.

    Starting an appraisal that is already under way changes nothing.
    """
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    if commission.status == CommissionStatus.OPTIONS_APPRAISAL:
        return commission
    if commission.status != CommissionStatus.SCOPING:
        raise DomainError("You can only start the options appraisal while the work is scoped.")
    audit_record(actor=by, verb="appraisal_started", target=commission)
    return commission_transition(
        commission=commission, to=CommissionStatus.OPTIONS_APPRAISAL, by=by
    )


@transaction.atomic
def appraisal_reopen(*, commission: Commission, by: User) -> Commission:
    """Revisit a decided route: the commission goes back to options appraisal.

    The earlier decision stays on the commission, marked as being revisited, and in the
    audit trail, until a new decision replaces it.
    """
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    if commission.status not in REOPENABLE:
        raise DomainError("Only a decided route that is not yet in delivery can be revisited.")
    audit_record(
        actor=by,
        verb="decision_reopened",
        target=commission,
        changes=_decision_snapshot(commission),
    )
    return commission_transition(
        commission=commission, to=CommissionStatus.OPTIONS_APPRAISAL, by=by
    )


# --- Criteria --------------------------------------------------------------------------
@transaction.atomic
def appraisal_criterion_create(
    *, commission: Commission, name: str, weight: int, by: User
) -> AppraisalCriterion:
    """Add a criterion the options are scored against, weighted from 1 to 100.

    Names are unique within the appraisal, so scores cannot be given to the wrong one.
    """
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    _require_appraising(commission)
    name = _clean_name(name, "a name for the criterion")
    weight = _check_weight(weight)
    if _criterion_name_taken(commission=commission, name=name, exclude_pk=None):
        raise DomainError("This appraisal already has a criterion with this name.")
    criterion = AppraisalCriterion.objects.create(
        commission=commission,
        name=name,
        weight=weight,
        position=_next_position(commission.appraisal_criteria.all()),
    )
    audit_record(
        actor=by,
        verb="created",
        target=criterion,
        organisation=commission.organisation,
        changes={"commission": commission.pk, "name": name, "weight": weight},
    )
    return criterion


@transaction.atomic
def appraisal_criterion_update(
    *, criterion: AppraisalCriterion, name: str, weight: int, by: User
) -> AppraisalCriterion:
    """Rename or reweigh a criterion. Its scores stay; the weighted totals change with it."""
    commission = criterion.commission
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    _require_appraising(commission)
    criterion = AppraisalCriterion.objects.select_for_update().get(pk=criterion.pk)
    name = _clean_name(name, "a name for the criterion")
    weight = _check_weight(weight)
    if _criterion_name_taken(commission=commission, name=name, exclude_pk=criterion.pk):
        raise DomainError("This appraisal already has a criterion with this name.")
    changes = {
        field: [getattr(criterion, field), value]
        for field, value in (("name", name), ("weight", weight))
        if getattr(criterion, field) != value
    }
    if changes:
        criterion.name, criterion.weight = name, weight
        criterion.save(update_fields=["name", "weight"])
        audit_record(
            actor=by,
            verb="updated",
            target=criterion,
            organisation=commission.organisation,
            changes=changes,
        )
    return criterion


@transaction.atomic
def appraisal_criterion_delete(*, criterion: AppraisalCriterion, by: User) -> None:
    """Remove a criterion and every score given against it."""
    commission = criterion.commission
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    _require_appraising(commission)
    scores = {
        option_title: score
        for option_title, score in criterion.scores.values_list("option__title", "score")
    }
    audit_record(
        actor=by,
        verb="deleted",
        target=criterion,
        organisation=commission.organisation,
        changes={"name": criterion.name, "weight": criterion.weight, "scores": scores},
    )
    criterion.delete()


# --- Options ---------------------------------------------------------------------------
def _clean_option_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(OPTION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    cleaned = dict(fields)
    if "kind" in cleaned and cleaned["kind"] not in OptionKind.values:
        raise DomainError("Choose what kind of option this is.")
    if "title" in cleaned:
        cleaned["title"] = _clean_name(cleaned["title"], "a title for the option")
    for name in ("description", "benefits", "risks", "social_value"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    cost = cleaned.get("cost_estimate")
    if cost is not None and Decimal(cost) < 0:
        raise DomainError("The cost estimate cannot be less than zero.")
    return cleaned


@transaction.atomic
def appraisal_option_create(
    *,
    commission: Commission,
    kind: str,
    title: str,
    by: User,
    description: str = "",
    benefits: str = "",
    risks: str = "",
    cost_estimate: Decimal | None = None,
    social_value: str = "",
) -> AppraisalOption:
    """Add a way of meeting the need: in-house, a grant, a contract, a partnership and so on.

    Titles are unique within the appraisal, so the decision names exactly one option.
    """
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    _require_appraising(commission)
    fields = _clean_option_fields(
        {
            "kind": kind,
            "title": title,
            "description": description,
            "benefits": benefits,
            "risks": risks,
            "cost_estimate": cost_estimate,
            "social_value": social_value,
        }
    )
    if _option_title_taken(commission=commission, title=fields["title"], exclude_pk=None):
        raise DomainError("This appraisal already has an option with this title.")
    option = AppraisalOption.objects.create(
        commission=commission,
        position=_next_position(commission.appraisal_options.all()),
        **fields,
    )
    audit_record(
        actor=by,
        verb="created",
        target=option,
        organisation=commission.organisation,
        changes={"commission": commission.pk, "kind": option.kind, "title": option.title},
    )
    return option


@transaction.atomic
def appraisal_option_update(*, option: AppraisalOption, by: User, **fields: Any) -> AppraisalOption:
    """Change an option's description, benefits, risks, cost or social value."""
    commission = option.commission
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    _require_appraising(commission)
    option = AppraisalOption.objects.select_for_update().get(pk=option.pk)
    fields = _clean_option_fields(fields)
    if "title" in fields and _option_title_taken(
        commission=commission, title=fields["title"], exclude_pk=option.pk
    ):
        raise DomainError("This appraisal already has an option with this title.")
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        before = getattr(option, name)
        if before != value:
            changes[name] = [_loggable(before), _loggable(value)]
            setattr(option, name, value)
    if changes:
        option.save(update_fields=list(changes))
        audit_record(
            actor=by,
            verb="updated",
            target=option,
            organisation=commission.organisation,
            changes=changes,
        )
    return option


@transaction.atomic
def appraisal_option_delete(*, option: AppraisalOption, by: User) -> None:
    """Remove an option and its scores."""
    commission = option.commission
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    _require_appraising(commission)
    audit_record(
        actor=by,
        verb="deleted",
        target=option,
        organisation=commission.organisation,
        changes={"kind": option.kind, "title": option.title},
    )
    option.delete()


def _loggable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# --- Scores ----------------------------------------------------------------------------
@transaction.atomic
def appraisal_option_score(
    *, option: AppraisalOption, scores: Mapping[int, ScoreEntry], by: User
) -> AppraisalOption:
    """Score one option against the commission's criteria, each from 0 to 5 with a note.

    `scores` is keyed by criterion id. A score of None clears that cell. The appraisal
    needs at least one criterion before anything is scored, and a note needs a score.
    """
    commission = option.commission
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    _require_appraising(commission)
    criteria = {criterion.pk: criterion for criterion in commission.appraisal_criteria.all()}
    if not criteria:
        raise DomainError("Add at least one criterion before you score the options.")
    if set(scores) - set(criteria):
        raise DomainError("Score the options only against this commission's criteria.")
    for criterion_pk, entry in scores.items():
        name = criteria[criterion_pk].name
        if entry.score is None:
            if entry.note.strip():
                raise DomainError(f"Give a score for “{name}” as well as a note.")
            continue
        if isinstance(entry.score, bool) or not isinstance(entry.score, int):
            raise DomainError(f"The score for “{name}” must be a whole number from 0 to 5.")
        if not MIN_SCORE <= entry.score <= MAX_SCORE:
            raise DomainError(f"The score for “{name}” must be from 0 to 5.")

    existing = {
        score.criterion_id: score
        for score in AppraisalScore.objects.select_for_update().filter(
            option=option, criterion_id__in=list(scores)
        )
    }
    changes: dict[str, list[Any]] = {}
    for criterion_pk, entry in scores.items():
        name = criteria[criterion_pk].name
        current = existing.get(criterion_pk)
        note = entry.note.strip()
        if entry.score is None:
            if current is not None:
                changes[name] = [current.score, None]
                current.delete()
            continue
        if current is None:
            AppraisalScore.objects.create(
                option=option, criterion_id=criterion_pk, score=entry.score, note=note
            )
            changes[name] = [None, entry.score]
        elif (current.score, current.note) != (entry.score, note):
            changes[name] = [current.score, entry.score]
            current.score, current.note = entry.score, note
            current.save(update_fields=["score", "note"])
    if changes:
        audit_record(
            actor=by,
            verb="scored",
            target=option,
            organisation=commission.organisation,
            changes=changes,
        )
    return option


@transaction.atomic
def appraisal_scores_record(
    *,
    commission: Commission,
    scores: Mapping[int, Mapping[int, ScoreEntry]],
    by: User,
) -> Commission:
    """Score every option at once: `scores` maps each option's id to its scores by criterion.

    All or nothing: the scores typed for one option are never lost because another
    option's were refused. Each option is scored by the rules of `appraisal_option_score`.
    """
    permissions.require(by, "commissioning.edit", commission)
    options = {option.pk: option for option in commission.appraisal_options.all()}
    if set(scores) - set(options):
        raise DomainError("Score only this commission's options.")
    for option_pk, option_scores in scores.items():
        option = options[option_pk]
        option.commission = commission
        appraisal_option_score(option=option, scores=option_scores, by=by)
    return commission


# --- The decision ----------------------------------------------------------------------
def _decision_snapshot(commission: Commission) -> dict[str, Any]:
    option = commission.chosen_option
    return {
        "chosen_option": option.title if option else None,
        "kind": option.kind if option else None,
        "decision_rationale": commission.decision_rationale,
        "decided_by": commission.decided_by.email if commission.decided_by else None,
        "decided_at": commission.decided_at.isoformat() if commission.decided_at else None,
    }


@transaction.atomic
def appraisal_decide(
    *, commission: Commission, option: AppraisalOption, rationale: str, by: User
) -> Commission:
    """Decide the route: record the chosen option and why, and move to route decided.

    The option must be one of this commission's, scored against every criterion, and the
    rationale must say in plain words why it was chosen. A decision made before (now being
    revisited) is replaced, and both stay in the audit trail.
    """
    permissions.require(by, "commissioning.edit", commission)
    commission = _locked(commission)
    _require_appraising(commission)
    if option.commission_id != commission.pk:
        raise DomainError("Choose one of the options in this appraisal.")
    rationale = rationale.strip()
    if not rationale:
        raise DomainError("Explain why you chose this option.")
    criteria = set(commission.appraisal_criteria.values_list("pk", flat=True))
    if not criteria:
        raise DomainError("Add at least one criterion and score the options before you decide.")
    scored = set(option.scores.values_list("criterion_id", flat=True))
    if not criteria <= scored:
        raise DomainError(f"Score “{option.title}” against every criterion before you choose it.")

    before = _decision_snapshot(commission)
    commission.chosen_option = option
    commission.decision_rationale = rationale
    commission.decided_by = by
    commission.decided_at = timezone.now()
    commission.save(
        update_fields=[
            "chosen_option",
            "decision_rationale",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    after = _decision_snapshot(commission)
    audit_record(
        actor=by,
        verb="route_decided",
        target=commission,
        changes={field: [before[field], after[field]] for field in after},
    )
    return commission_transition(commission=commission, to=CommissionStatus.ROUTE_DECIDED, by=by)
