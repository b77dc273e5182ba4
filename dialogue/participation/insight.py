"""Market-shaping insight: who took part in a tender (or every tender for a mission), who
dropped out, at what stage and why.

Every figure is counted by the database, so a page costs the same few queries whether a
tender had three participants or three thousand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from accounts.models import AuditEvent, SupplierType
from commissioning.models import Mission
from procurement.models import Tender, TenderParticipant, TenderStatus, WithdrawalReason

WITHDRAWN = Q(withdrawn_at__isnull=False)
REASON_LABELS = dict(WithdrawalReason.choices)
TYPE_LABELS = dict(SupplierType.choices)
STAGE_LABELS = dict(TenderStatus.choices)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class TypeRow:
    key: str
    label: str
    joined: int
    withdrawn: int


@dataclass(frozen=True)
class Insight:
    joined: int
    active: int
    withdrawn: int
    by_reason: list[Row]
    by_type: list[TypeRow]
    withdrawals: list[TenderParticipant]


def _insight(participants: QuerySet[TenderParticipant]) -> Insight:
    totals = participants.aggregate(joined=Count("pk"), withdrawn=Count("pk", filter=WITHDRAWN))
    reasons = {
        row["withdrawal_reason"]: row["count"]
        for row in participants.filter(WITHDRAWN)
        .values("withdrawal_reason")
        .annotate(count=Count("pk"))
        .order_by()
    }
    by_reason = sorted(
        (Row(key, REASON_LABELS.get(key, key), count) for key, count in reasons.items()),
        key=lambda row: (-row.count, row.label),
    )
    by_type = sorted(
        (
            TypeRow(
                row["supplier__supplier_type"],
                TYPE_LABELS.get(row["supplier__supplier_type"], "Type not given"),
                row["joined"],
                row["withdrawn"],
            )
            for row in participants.values("supplier__supplier_type")
            .annotate(joined=Count("pk"), withdrawn=Count("pk", filter=WITHDRAWN))
            .order_by()
        ),
        key=lambda row: (-row.withdrawn, -row.joined, row.label),
    )
    return Insight(
        joined=totals["joined"],
        active=totals["joined"] - totals["withdrawn"],
        withdrawn=totals["withdrawn"],
        by_reason=by_reason,
        by_type=by_type,
        withdrawals=list(_withdrawals(participants)),
    )


def _withdrawals(participants: QuerySet[TenderParticipant]) -> QuerySet[TenderParticipant]:
    """Each withdrawal, with the tender's stage when it happened (as recorded in the
    audit trail at the time)."""
    stage = (
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(TenderParticipant),
            target_id=Cast(OuterRef("pk"), CharField()),
            verb="withdrew from tender",
        )
        .order_by("-pk")
        .annotate(stage=KeyTextTransform("stage", "changes"))
        .values("stage")[:1]
    )
    return (
        participants.filter(WITHDRAWN)
        .select_related("supplier", "tender")
        .annotate(stage=Subquery(stage))
        .order_by("-withdrawn_at", "-pk")
    )


def stage_label(stage: str | None) -> str:
    return STAGE_LABELS.get(stage or "", "Not recorded")


def tender_insight(tender: Tender) -> Insight:
    """Who joined, who is still in and who withdrew from one tender, and why."""
    return _insight(TenderParticipant.objects.filter(tender=tender))


@dataclass(frozen=True)
class TenderRow:
    tender: Tender
    joined: int
    withdrawn: int

    @property
    def active(self) -> int:
        return self.joined - self.withdrawn


def mission_tenders(mission: Mission) -> list[TenderRow]:
    """Every tender whose commission serves the mission, with its participation counts."""
    tenders = (
        Tender.objects.filter(commission__missions=mission)
        .annotate(
            joined=Count("participants", distinct=True),
            withdrawn=Count(
                "participants",
                filter=Q(participants__withdrawn_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-submission_deadline", "-pk")
    )
    return [TenderRow(tender, tender.joined, tender.withdrawn) for tender in tenders]


def mission_insight(mission: Mission) -> Insight:
    """The same insight, across every tender whose commission serves the mission."""
    return _insight(TenderParticipant.objects.filter(tender__commission__missions=mission))
