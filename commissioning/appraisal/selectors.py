"""Reads for the options appraisal, each with a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from accounts.models import AuditEvent
from commissioning.models import (
    AppraisalCriterion,
    AppraisalOption,
    AppraisalScore,
    Commission,
    CommissionStatus,
    Specification,
)

DECISION_VERBS = ("route_decided", "decision_reopened")
UNDECIDED_STATUSES = frozenset({CommissionStatus.SCOPING, CommissionStatus.OPTIONS_APPRAISAL})


@dataclass
class RankedOption:
    """An option with its scores by criterion and, once fully scored, its weighted score."""

    option: AppraisalOption
    scores: dict[int, AppraisalScore]
    scored_count: int
    weighted: Fraction | None = None
    rank: int | None = None
    tied_with: list[AppraisalOption] = field(default_factory=list)

    @property
    def weighted_display(self) -> str:
        """The weighted score to one decimal place, rounding halves up as people expect."""
        if self.weighted is None:
            return ""
        value = Decimal(self.weighted.numerator) / Decimal(self.weighted.denominator)
        return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    @property
    def is_tied(self) -> bool:
        return bool(self.tied_with)


@dataclass
class Appraisal:
    """Everything the appraisal pages show for one commission."""

    commission: Commission
    criteria: list[AppraisalCriterion]
    options: list[RankedOption]
    specification: Specification | None
    history: list[AuditEvent]

    @property
    def grid(self) -> list[tuple[AppraisalCriterion, list[AppraisalScore | None]]]:
        """Rows of criteria, each with every option's score in option order."""
        return [
            (criterion, [entry.scores.get(criterion.pk) for entry in self.options])
            for criterion in self.criteria
        ]

    @property
    def total_weight(self) -> int:
        return sum(criterion.weight for criterion in self.criteria)

    @property
    def ranking(self) -> list[RankedOption]:
        """Fully scored options, highest weighted score first, then the rest in order."""
        ranked = sorted(
            (entry for entry in self.options if entry.rank is not None),
            key=lambda entry: (entry.rank, entry.option.position, entry.option.pk),
        )
        return ranked + [entry for entry in self.options if entry.rank is None]

    @property
    def ties(self) -> list[list[RankedOption]]:
        groups: dict[int, list[RankedOption]] = {}
        for entry in self.ranking:
            if entry.is_tied:
                groups.setdefault(entry.rank, []).append(entry)
        return list(groups.values())

    @property
    def leader(self) -> RankedOption | None:
        ranking = self.ranking
        return ranking[0] if ranking and ranking[0].rank == 1 else None

    @property
    def is_decided(self) -> bool:
        """A route is decided once the commission has moved past the appraisal."""
        return (
            self.commission.chosen_option_id is not None
            and self.commission.status not in UNDECIDED_STATUSES
        )

    @property
    def is_being_revisited(self) -> bool:
        return (
            self.commission.chosen_option_id is not None
            and self.commission.status == CommissionStatus.OPTIONS_APPRAISAL
        )

    @property
    def chosen(self) -> RankedOption | None:
        return next(
            (e for e in self.options if e.option.pk == self.commission.chosen_option_id), None
        )


def rank_options(
    criteria: list[AppraisalCriterion], options: list[AppraisalOption]
) -> list[RankedOption]:
    """Weigh each option's scores: the sum of score times weight, divided by the sum of weights.

    Only an option scored against every criterion gets a weighted score and a rank.
    Options with exactly the same weighted score share a rank and are noted as tied.
    """
    total_weight = sum(criterion.weight for criterion in criteria)
    entries = []
    for option in options:
        scores = {score.criterion_id: score for score in option.scores.all()}
        scored = [criterion for criterion in criteria if criterion.pk in scores]
        entry = RankedOption(option=option, scores=scores, scored_count=len(scored))
        if criteria and len(scored) == len(criteria):
            entry.weighted = Fraction(
                sum(scores[c.pk].score * c.weight for c in criteria), total_weight
            )
        entries.append(entry)
    complete = sorted(
        (entry for entry in entries if entry.weighted is not None),
        key=lambda entry: entry.weighted,
        reverse=True,
    )
    for index, entry in enumerate(complete):
        previous = complete[index - 1] if index else None
        if previous is not None and previous.weighted == entry.weighted:
            entry.rank = previous.rank
        else:
            entry.rank = index + 1
    for entry in complete:
        entry.tied_with = [
            other.option
            for other in complete
            if other is not entry and other.weighted == entry.weighted
        ]
    return entries


def appraisal_for(commission: Commission) -> Appraisal:
    """A commission's criteria, options with their scores and ranks, and decision history."""
    commission = (
        Commission.objects.select_related("organisation", "owner", "decided_by")
        .filter(pk=commission.pk)
        .get()
    )
    criteria = list(commission.appraisal_criteria.order_by("position", "pk"))
    options = list(
        commission.appraisal_options.order_by("position", "pk").prefetch_related(
            Prefetch("scores", queryset=AppraisalScore.objects.order_by("pk"))
        )
    )
    for option in options:
        option.commission = commission
    for criterion in criteria:
        criterion.commission = commission
    ranked = rank_options(criteria, options)
    chosen = next((o for o in options if o.pk == commission.chosen_option_id), None)
    if chosen is not None:
        # The decision names an option already loaded; saves a query on every page.
        commission.chosen_option = chosen
    specification = Specification.objects.filter(commission_id=commission.pk).first()
    history = list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(Commission),
            target_id=str(commission.pk),
            verb__in=DECISION_VERBS,
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
    return Appraisal(
        commission=commission,
        criteria=criteria,
        options=ranked,
        specification=specification,
        history=history,
    )


def criterion_get(*, commission: Commission, pk: int) -> AppraisalCriterion | None:
    """One of this commission's criteria, or None."""
    criterion = AppraisalCriterion.objects.filter(commission_id=commission.pk, pk=pk).first()
    if criterion is not None:
        criterion.commission = commission
    return criterion


def option_get(*, commission: Commission, pk: int) -> AppraisalOption | None:
    """One of this commission's options, or None."""
    option = AppraisalOption.objects.filter(commission_id=commission.pk, pk=pk).first()
    if option is not None:
        option.commission = commission
    return option
