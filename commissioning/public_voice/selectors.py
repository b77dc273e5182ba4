"""Reads for the council's side of public comments: the moderation queue and one comment."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Organisation
from commissioning.models import (
    CommentStatus,
    Commission,
    EvidenceItem,
    Need,
    PublicComment,
    SpecificationVersion,
)


def citable_comments(commission: Commission) -> QuerySet[PublicComment]:
    """Published comments on the commission, oldest first, for a change note to cite."""
    return PublicComment.objects.filter(
        commission=commission, status=CommentStatus.PUBLISHED
    ).order_by("created_at", "pk")


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    current: bool


def _status_counts(comments: QuerySet[PublicComment], current: str) -> list[StatusCount]:
    totals = comments.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in CommentStatus.values}
    )
    return [
        StatusCount(status, str(label), totals[status], status == current)
        for status, label in CommentStatus.choices
    ]


def status_counts(commission: Commission, current: str) -> list[StatusCount]:
    """How many comments the commission has in each status (one query), for the filter."""
    return _status_counts(PublicComment.objects.filter(commission=commission), current)


def _in_queue_order(comments: QuerySet[PublicComment], status: str) -> QuerySet[PublicComment]:
    """Comments in one status; those waiting are shown oldest first, so nobody waits
    longest."""
    order = ["created_at", "pk"] if status == CommentStatus.PENDING else ["-created_at", "-pk"]
    return (
        comments.filter(status=status).select_related("moderated_by", "replied_by").order_by(*order)
    )


def moderation_queue(commission: Commission, status: str) -> QuerySet[PublicComment]:
    """The commission's comments in one status, in queue order."""
    return _in_queue_order(PublicComment.objects.filter(commission=commission), status)


def council_status_counts(organisation: Organisation, current: str) -> list[StatusCount]:
    """How many comments the council's commissions have in each status (one query)."""
    return _status_counts(
        PublicComment.objects.filter(commission__organisation=organisation), current
    )


def council_moderation_queue(organisation: Organisation, status: str) -> QuerySet[PublicComment]:
    """The comments in one status on every commission of one council (never another's),
    in queue order, each with its commission."""
    return _in_queue_order(
        PublicComment.objects.filter(commission__organisation=organisation), status
    ).select_related("commission")


def comment_get(commission: Commission, pk: int) -> PublicComment | None:
    return (
        PublicComment.objects.filter(commission=commission, pk=pk)
        .select_related("commission", "moderated_by", "replied_by")
        .prefetch_related(
            Prefetch("evidence", queryset=EvidenceItem.objects.select_related("need")),
            Prefetch(
                "answered_in_versions",
                queryset=SpecificationVersion.objects.order_by("number"),
            ),
        )
        .first()
    )


def commission_needs(commission: Commission) -> QuerySet[Need]:
    return commission.needs.order_by("title", "pk")
