"""Reads for the public opportunity pages."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from procurement.models import OPEN_FOR_BIDS, Tender, TenderStatus

# Tenders a supplier can still take part in, including those in a dialogue round.
OPPORTUNITY_STATUSES = OPEN_FOR_BIDS | {TenderStatus.DIALOGUE}


def opportunities_open(*, now: datetime.datetime, search: str = "") -> QuerySet[Tender]:
    """Published tenders whose deadline has not passed, soonest deadline first."""
    tenders = Tender.objects.filter(
        status__in=OPPORTUNITY_STATUSES, submission_deadline__gt=now
    ).select_related("organisation")
    if search:
        tenders = tenders.filter(Q(title__icontains=search) | Q(summary__icontains=search))
    return tenders.order_by("submission_deadline", "pk")
