"""The criteria tree of a tender: what bids are judged on, and how much each part counts.

Quality, social value and price sit at the top; quality and social value may have
sub-criteria. At every level the weights of siblings add up to 100%. Social value must
carry at least the buyer's floor (10% unless the buyer has raised it: PPN 002).

In a tender split into lots the buyer chooses, per lot and before publication, whether
the lot uses the tender's weights or its own. A lot's own weights are set on the same
tree (a weight of 0% leaves a criterion out for that lot) and obey the same rules; its
questions are the lot's own or the tender's (procurement.lots). Weights are the basis
on which bidders prepared their bids, so they cannot change once the tender is
published, not even through a tender change.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from accounts import permissions
from accounts.models import User
from accounts.services import audit_record
from core.errors import DomainError
from procurement.models import Criterion, CriterionKind, Lot, LotWeight, Tender, TenderStatus

HUNDRED = Decimal("100")
DEFAULT_TREE = {
    CriterionKind.QUALITY: ("Quality", Decimal("60")),
    CriterionKind.SOCIAL_VALUE: ("Social value", Decimal("20")),
    CriterionKind.PRICE: ("Price", Decimal("20")),
}


class CriteriaInvalid(DomainError):
    """The tree breaks one or more rules; `problems` lists them all."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}"


def social_value_floor(tender: Tender) -> Decimal:
    return Decimal(tender.organisation.social_value_floor_percent or 10)


def _require_draft(tender: Tender) -> None:
    if tender.status != TenderStatus.DRAFT:
        raise DomainError("You can only change the criteria before the tender is published.")


# --- A lot's own weights ---------------------------------------------------------------------
def with_lot_weights(
    lot: Lot, criteria: Iterable[Criterion], weights: Iterable[LotWeight]
) -> list[Criterion]:
    """The criteria as they count for one lot: with the lot's own weights if it has them
    (a criterion the lot has not reweighted keeps the tender's weight), else the tender's.
    Returns copies, so the tender's tree is never changed in memory."""
    criteria = list(criteria)
    if not lot.own_weights:
        return criteria
    own = {weight.criterion_id: weight.weight for weight in weights if weight.lot_id == lot.pk}
    reweighted = []
    for criterion in criteria:
        if criterion.pk in own:
            criterion = copy.copy(criterion)
            criterion.weight = own[criterion.pk]
        reweighted.append(criterion)
    return reweighted


def lot_criteria(lot: Lot) -> list[Criterion]:
    """One lot's criteria tree with the weights that count for it. Two queries at most."""
    criteria = list(Criterion.objects.filter(tender_id=lot.tender_id))
    if not lot.own_weights:
        return criteria
    return with_lot_weights(lot, criteria, LotWeight.objects.filter(lot=lot))


def criteria_by_lot(
    tender: Tender, lots: Iterable[Lot], criteria: list[Criterion] | None = None
) -> dict[int, list[Criterion]]:
    """Each lot's criteria tree with its weights, in two queries whatever the number of
    lots (one, given the tender's criteria; none when no lot has its own weights)."""
    lots = list(lots)
    if criteria is None:
        criteria = list(tender.criteria.all())
    own = [lot for lot in lots if lot.own_weights]
    weights = list(LotWeight.objects.filter(lot__in=own)) if own else []
    return {lot.pk: with_lot_weights(lot, criteria, weights) for lot in lots}


@transaction.atomic
def lot_weights_choose(*, lot: Lot, own: bool, by: User) -> Lot:
    """Choose, while the tender is a draft, whether a lot is judged with its own weights
    or with the tender's. Choosing its own starts from the tender's weights; going back
    to the tender's discards the lot's own."""
    tender = lot.tender
    permissions.require(by, "tender.manage", tender)
    _require_draft(tender)
    lot = Lot.objects.select_for_update().get(pk=lot.pk)
    if lot.own_weights == own:
        return lot
    if not own:
        LotWeight.objects.filter(lot=lot).delete()
    lot.own_weights = own
    lot.save(update_fields=["own_weights"])
    audit_record(
        actor=by,
        verb="lot weights chosen",
        target=tender,
        changes={"lot": lot.title, "own_weights": own},
    )
    return lot


@transaction.atomic
def lot_criterion_reweight(*, lot: Lot, criterion: Criterion, weight: Decimal, by: User) -> None:
    """Set a lot's own weight for one criterion of the tender's tree, while the tender is
    a draft. The lot must have chosen its own weights. Like the tender's, the weights are
    checked as a whole (they must add up at each level) when the tender is published."""
    tender = lot.tender
    permissions.require(by, "tender.manage", tender)
    _require_draft(tender)
    if not lot.own_weights:
        raise DomainError(f"“{lot.title}” uses the tender's weights. Choose its own weights first.")
    if criterion.tender_id != tender.pk or lot.tender_id != tender.pk:
        raise DomainError("Choose a criterion of this tender.")
    if not Decimal(0) <= weight <= HUNDRED:
        raise DomainError("The weight must be between 0% and 100%.", field="weight")
    previous = LotWeight.objects.filter(lot=lot, criterion=criterion).first()
    audit_record(
        actor=by,
        verb="lot criterion reweighted",
        target=tender,
        changes={
            "lot": lot.title,
            "criterion": criterion.name,
            "weight": [str(previous.weight if previous else criterion.weight), str(weight)],
        },
    )
    LotWeight.objects.update_or_create(lot=lot, criterion=criterion, defaults={"weight": weight})


def lots_criteria_problems(tender: Tender) -> list[str]:
    """Every rule broken by the own weights of the tender's lots, each naming its lot."""
    lots = [lot for lot in tender.lots.all() if lot.own_weights]
    if not lots:
        return []
    by_lot = criteria_by_lot(tender, lots)
    return [
        f"{lot.title}: {problem}"
        for lot in lots
        for problem in criteria_problems(tender, by_lot[lot.pk])
    ]


@transaction.atomic
def criteria_create_default(*, tender: Tender, by: User) -> list[Criterion]:
    """Give a new tender the usual three top-level criteria. Social value starts at the
    buyer's floor or 20%, whichever is higher, and price takes what is left."""
    permissions.require(by, "tender.manage", tender)
    if tender.criteria.exists():
        return list(tender.criteria.all())
    social = max(social_value_floor(tender), DEFAULT_TREE[CriterionKind.SOCIAL_VALUE][1])
    quality = DEFAULT_TREE[CriterionKind.QUALITY][1]
    if quality + social > HUNDRED:
        quality = HUNDRED - social
    weights = {
        CriterionKind.QUALITY: quality,
        CriterionKind.SOCIAL_VALUE: social,
        CriterionKind.PRICE: HUNDRED - quality - social,
    }
    created = [
        Criterion.objects.create(
            tender=tender, kind=kind, name=name, weight=weights[kind], position=position
        )
        for position, (kind, (name, _)) in enumerate(DEFAULT_TREE.items(), start=1)
    ]
    audit_record(
        actor=by,
        verb="criteria created",
        target=tender,
        changes={kind: str(weight) for kind, weight in weights.items()},
    )
    return created


@transaction.atomic
def criterion_add(
    *,
    tender: Tender,
    parent: Criterion,
    name: str,
    weight: Decimal,
    description: str = "",
    by: User,
) -> Criterion:
    """Add a sub-criterion under quality or social value, while the tender is a draft.

    Price has no sub-criteria: it is scored from the price schedules. Weights are checked
    as a whole (they must add up at each level) when the tender is published.
    """
    permissions.require(by, "tender.manage", tender)
    _require_draft(tender)
    if parent.tender_id != tender.pk:
        raise DomainError("Choose a criterion of this tender.")
    if parent.kind == CriterionKind.PRICE:
        raise DomainError("Price is scored from the price schedules and has no sub-criteria.")
    if parent.parent_id is not None:
        raise DomainError("Sub-criteria can only go one level below the top.")
    if not name.strip():
        raise DomainError("Enter a name for the criterion.")
    if not Decimal(0) <= weight <= HUNDRED:
        raise DomainError("The weight must be between 0% and 100%.")
    if parent.questions.exists():
        raise DomainError(
            f"Move the questions under “{parent.name}” to a sub-criterion first: "
            "questions belong to the lowest level of the tree."
        )
    last = parent.children.order_by("-position").values_list("position", flat=True).first()
    criterion = Criterion.objects.create(
        tender=tender,
        parent=parent,
        kind=parent.kind,
        name=name.strip(),
        description=description.strip(),
        weight=weight,
        position=(last or 0) + 1,
    )
    audit_record(
        actor=by,
        verb="criterion added",
        target=tender,
        changes={"criterion": criterion.name, "parent": parent.name, "weight": str(weight)},
    )
    return criterion


@transaction.atomic
def criterion_reweight(*, criterion: Criterion, weight: Decimal, by: User) -> Criterion:
    """Change one criterion's weight while the tender is a draft."""
    tender = criterion.tender
    permissions.require(by, "tender.manage", tender)
    _require_draft(tender)
    if not Decimal(0) <= weight <= HUNDRED:
        raise DomainError("The weight must be between 0% and 100%.")
    audit_record(
        actor=by,
        verb="criterion reweighted",
        target=tender,
        changes={"criterion": criterion.name, "weight": [str(criterion.weight), str(weight)]},
    )
    criterion.weight = weight
    criterion.save(update_fields=["weight"])
    return criterion


@transaction.atomic
def criterion_remove(*, criterion: Criterion, by: User) -> None:
    """Remove a sub-criterion with no questions, while the tender is a draft."""
    tender = criterion.tender
    permissions.require(by, "tender.manage", tender)
    _require_draft(tender)
    if criterion.parent_id is None:
        raise DomainError("Quality, social value and price cannot be removed. Set a weight.")
    if criterion.questions.exists():
        raise DomainError("Move this criterion's questions elsewhere before you remove it.")
    audit_record(
        actor=by, verb="criterion removed", target=tender, changes={"criterion": criterion.name}
    )
    criterion.delete()


def criteria_problems(tender: Tender, criteria: list[Criterion] | None = None) -> list[str]:
    """Every rule the criteria tree breaks, in words a commissioner can act on."""
    if criteria is None:
        criteria = list(tender.criteria.all())
    problems: list[str] = []
    top = [criterion for criterion in criteria if criterion.parent_id is None]
    if not top:
        return ["Add the criteria bids will be judged on."]
    total = sum((criterion.weight for criterion in top), Decimal(0))
    if total != HUNDRED:
        problems.append(
            f"The weights of quality, social value and price add up to {_pct(total)}%, not 100%."
        )
    kinds = {criterion.kind: criterion for criterion in top}
    floor = social_value_floor(tender)
    social = kinds.get(CriterionKind.SOCIAL_VALUE)
    if social is None or social.weight < floor:
        problems.append(f"Social value must carry at least {_pct(floor)}% of the total.")
    for parent in top:
        children = [criterion for criterion in criteria if criterion.parent_id == parent.pk]
        if children:
            subtotal = sum((child.weight for child in children), Decimal(0))
            if subtotal != HUNDRED:
                problems.append(
                    f"The sub-criteria of “{parent.name}” add up to {_pct(subtotal)}%, not 100%."
                )
    return problems


def criteria_questions_problems(tender: Tender) -> list[str]:
    """Every question must be tied to a lowest-level quality or social value criterion."""
    criteria = list(tender.criteria.all())
    leaves = _scored_leaves(criteria)
    return [
        f"Question {number} must be tied to a quality or social value criterion."
        for number, question in enumerate(tender.questions.all(), start=1)
        if question.criterion_id not in leaves
    ]


def criteria_warnings(tender: Tender, criteria: list[Criterion], questions: list) -> list[str]:
    """Criteria that carry weight but have no question. Not a blocker, since every bidder
    then scores 0 on them alike, but the commissioner should know the weight is wasted."""
    leaves = _scored_leaves(criteria)
    asked = {question.criterion_id for question in questions}
    return [
        f"“{criterion.name}” carries weight but has no question, so it cannot change the result."
        for criterion in leaves.values()
        if criterion.weight > 0 and criterion.pk not in asked and _counts(criterion, criteria)
    ]


def _scored_leaves(criteria: list[Criterion]) -> dict[int, Criterion]:
    parents = {criterion.parent_id for criterion in criteria if criterion.parent_id}
    return {
        criterion.pk: criterion
        for criterion in criteria
        if criterion.pk not in parents and criterion.kind != CriterionKind.PRICE
    }


def _counts(criterion: Criterion, criteria: list[Criterion]) -> bool:
    by_pk = {item.pk: item for item in criteria}
    parent = by_pk.get(criterion.parent_id) if criterion.parent_id else None
    return parent is None or parent.weight > 0


def criteria_check(*, tender: Tender) -> None:
    """Raise CriteriaInvalid listing every problem; used when the tender is published."""
    problems = (
        criteria_problems(tender)
        + lots_criteria_problems(tender)
        + criteria_questions_problems(tender)
    )
    if problems:
        raise CriteriaInvalid(problems)


def effective_weights(criteria: list[Criterion]) -> dict[int, Decimal]:
    """Each criterion's share of the whole tender, in percent (sub-weight times parent weight)."""
    by_pk = {criterion.pk: criterion for criterion in criteria}
    shares: dict[int, Decimal] = {}
    for criterion in criteria:
        share = criterion.weight
        if criterion.parent_id:
            share = by_pk[criterion.parent_id].weight * criterion.weight / HUNDRED
        shares[criterion.pk] = share
    return shares
