"""Where the learning index comes from: each kind of past material, turned into rows.

A source names its model, the rows one of its records gives (`rows`, for a queryset of
them) and the key prefix its rows carry, so the index can be refreshed record by record
(after a save) or rebuilt wholesale (`lesson_index_sync`). Only what the council's staff
may already read is indexed: shared check-ins, not drafts; withdrawals once made; an
evaluator's concerns once the tender is finished.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.urls import reverse

from commissioning.models import Commission, Place
from contracts.models import CheckInContribution, CheckInStatus, Contract, LearningEntry, Side
from core.formatting import uk_date
from dialogue.models import Clarification, MarketInsight
from learning.models import LessonKind
from procurement.models import FINISHED_STATUSES, Concern, TenderParticipant


@dataclass
class Row:
    """One index row, before it is written."""

    source_key: str
    kind: str
    organisation_id: int
    title: str
    text: str
    source_label: str
    dated: datetime.date
    url: str = ""
    is_public: bool = False
    did_not_work: bool = False
    missions: list[tuple[int, str]] = field(default_factory=list)
    places: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    prefix: str
    model: type[models.Model]
    rows: Callable[[Iterable[int]], Iterator[Row]]


def _missions(*holders: Any) -> list[tuple[int, str]]:
    """Missions of the first holder that has any (prefetched as `missions`)."""
    for holder in holders:
        if holder is not None:
            found = [(m.pk, m.title) for m in holder.missions.all()]
            if found:
                return found
    return []


def _places(*holders: Any) -> list[tuple[int, str]]:
    for holder in holders:
        if holder is not None:
            found = [(p.pk, p.name) for p in holder.places.all()]
            if found:
                return found
    return []


def _learning_entries(ids: Iterable[int]) -> Iterator[Row]:
    entries = (
        LearningEntry.objects.filter(pk__in=list(ids))
        .select_related("contract", "commission")
        .prefetch_related(
            "missions",
            "contract__missions",
            "contract__places",
            "commission__missions",
            "commission__places",
        )
    )
    for entry in entries:
        holder = entry.contract or entry.commission
        yield Row(
            source_key=f"learning:{entry.pk}",
            kind=LessonKind.LEARNING,
            organisation_id=entry.organisation_id,
            title=entry.title,
            text=entry.body,
            source_label=f"Learning entry{f', {holder}' if holder else ''}",
            dated=entry.created_at.date(),
            url=(
                reverse("contracts:contract_detail", args=[entry.contract_id])
                if entry.contract_id
                else reverse("contracts:learning_list")
            ),
            is_public=entry.is_public,
            did_not_work=entry.did_not_work,
            missions=_missions(entry, entry.contract, entry.commission),
            places=_places(entry.contract, entry.commission),
        )


_CONTRIBUTION_PARTS = (
    ("story", LessonKind.STORY, False),
    ("was_hard", LessonKind.WAS_HARD, True),
    ("learning", LessonKind.LEARNING, False),
)


def _checkin_contributions(ids: Iterable[int]) -> Iterator[Row]:
    contributions = (
        CheckInContribution.objects.filter(
            pk__in=list(ids), checkin__status=CheckInStatus.PUBLISHED
        )
        .select_related("checkin__contract")
        .prefetch_related("checkin__contract__missions", "checkin__contract__places")
    )
    for contribution in contributions:
        contract: Contract = contribution.checkin.contract
        side = "Council" if contribution.side == Side.BUYER else "Provider"
        for part, kind, hard in _CONTRIBUTION_PARTS:
            text = getattr(contribution, part).strip()
            if not text:
                continue
            label = {"story": "story", "was_hard": "what was hard", "learning": "learning"}[part]
            yield Row(
                source_key=f"checkin:{contribution.pk}:{part}",
                kind=kind,
                organisation_id=contract.organisation_id,
                title=f"{label.capitalize()}, {side.lower()} side: {contract.title}",
                text=text,
                source_label=f"Check-in on {uk_date(contribution.checkin.held_on)}, {contract}",
                dated=contribution.checkin.held_on,
                url=reverse(
                    "contracts:checkin_detail", args=[contract.pk, contribution.checkin_id]
                ),
                did_not_work=hard,
                missions=_missions(contract),
                places=_places(contract),
            )


def _commission_of(tender: Any) -> Commission | None:
    return tender.commission if tender.commission_id else None


def _withdrawals(ids: Iterable[int]) -> Iterator[Row]:
    participants = (
        TenderParticipant.objects.filter(pk__in=list(ids), withdrawn_at__isnull=False)
        .select_related("tender__commission")
        .prefetch_related("tender__commission__missions", "tender__commission__places")
    )
    for participant in participants:
        tender = participant.tender
        commission = _commission_of(tender)
        reason = participant.get_withdrawal_reason_display()
        detail = participant.withdrawal_detail.strip()
        yield Row(
            source_key=f"withdrawal:{participant.pk}",
            kind=LessonKind.WITHDRAWAL,
            organisation_id=tender.organisation_id,
            title=f"A supplier withdrew from {tender.title}: {reason.lower()}",
            text=f"{reason}. {detail}" if detail else f"{reason}.",
            source_label=f"Withdrawal from the tender {tender.title}",
            dated=participant.withdrawn_at.date(),
            url=reverse("procurement:tender_detail", args=[tender.pk]),
            did_not_work=True,
            missions=_missions(commission),
            places=_places(commission),
        )


def _insights(ids: Iterable[int]) -> Iterator[Row]:
    insights = (
        MarketInsight.objects.filter(pk__in=list(ids))
        .select_related("engagement__commission")
        .prefetch_related("engagement__commission__missions", "engagement__commission__places")
    )
    for insight in insights:
        engagement = insight.engagement
        yield Row(
            source_key=f"insight:{insight.pk}",
            kind=LessonKind.INSIGHT,
            organisation_id=engagement.organisation_id,
            title=f"Market insight: {engagement.title}",
            text=insight.text,
            source_label=f"Market engagement {engagement.title}",
            dated=insight.created_at.date(),
            url=reverse("dialogue:engagement_insights", args=[engagement.pk]),
            missions=_missions(engagement.commission),
            places=_places(engagement.commission),
        )


def _clarifications(ids: Iterable[int]) -> Iterator[Row]:
    clarifications = (
        Clarification.objects.filter(pk__in=list(ids))
        .select_related("tender__commission")
        .prefetch_related("tender__commission__missions", "tender__commission__places")
    )
    for clarification in clarifications:
        tender = clarification.tender
        commission = _commission_of(tender)
        # The published wording never names the supplier; before then, the buyer's staff
        # can already read the question as asked.
        question = clarification.published_question or clarification.question
        answer = f" Answer: {clarification.answer}" if clarification.answer else ""
        yield Row(
            source_key=f"clarification:{clarification.pk}",
            kind=LessonKind.CLARIFICATION,
            organisation_id=tender.organisation_id,
            title=f"Question about {tender.title}",
            text=f"{question}{answer}",
            source_label=f"Clarification, tender {tender.title}",
            dated=clarification.asked_at.date(),
            url=reverse("dialogue:clarification_detail", args=[clarification.pk]),
            missions=_missions(commission),
            places=_places(commission),
        )


def _concerns(ids: Iterable[int]) -> Iterator[Row]:
    concerns = (
        Concern.objects.filter(pk__in=list(ids), bid__tender__status__in=FINISHED_STATUSES)
        .select_related("bid__tender__commission", "question")
        .prefetch_related("bid__tender__commission__missions", "bid__tender__commission__places")
    )
    for concern in concerns:
        tender = concern.bid.tender
        commission = _commission_of(tender)
        yield Row(
            source_key=f"concern:{concern.pk}",
            kind=LessonKind.CONCERN,
            organisation_id=tender.organisation_id,
            title=f"Evaluator concern: {concern.question}",
            text=concern.text,
            source_label=f"Evaluation of the tender {tender.title}",
            dated=concern.created_at.date(),
            url=reverse("procurement:evaluation", args=[tender.pk]),
            missions=_missions(commission),
            places=_places(commission),
        )


SOURCES: tuple[Source, ...] = (
    Source("learning", LearningEntry, _learning_entries),
    Source("checkin", CheckInContribution, _checkin_contributions),
    Source("withdrawal", TenderParticipant, _withdrawals),
    Source("insight", MarketInsight, _insights),
    Source("clarification", Clarification, _clarifications),
    Source("concern", Concern, _concerns),
)
BY_PREFIX = {source.prefix: source for source in SOURCES}


def place_ids_with_ancestors(place_ids: list[int]) -> list[int]:
    """The places and every place above them (places nest a few levels at most)."""
    found = set(place_ids)
    frontier = set(place_ids)
    while frontier:
        parents = set(
            Place.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        frontier = parents - found
        found |= parents
    return sorted(found)
