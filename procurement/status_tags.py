"""How procurement's statuses look as GOV.UK tags (registered in `apps.py`)."""

from __future__ import annotations

from core.status_tags import register
from procurement.models import (
    AwardStatus,
    Bid,
    BidStatus,
    Lot,
    LotStatus,
    Tender,
    TenderStatus,
)

TENDER_COLOURS = {
    TenderStatus.DRAFT: "grey",
    TenderStatus.PUBLISHED: "green",
    TenderStatus.DIALOGUE: "light-blue",
    TenderStatus.FINAL_SUBMISSIONS: "blue",
    TenderStatus.CLOSED: "grey",
    TenderStatus.EVALUATION: "purple",
    TenderStatus.AWARD_DECISION: "pink",
    TenderStatus.STANDSTILL: "yellow",
    TenderStatus.READY_TO_AWARD: "turquoise",
    TenderStatus.AWARDED: "green",
    TenderStatus.CANCELLED: "red",
}

register(TenderStatus, TENDER_COLOURS, fields=((Tender, "status"),))
register(
    BidStatus,
    {
        BidStatus.DRAFT: "grey",
        BidStatus.SUBMITTED: "green",
        BidStatus.WITHDRAWN: "orange",
        BidStatus.EXCLUDED: "red",
    },
    fields=((Bid, "status"),),
)
register(
    LotStatus,
    {
        LotStatus.OPEN: "purple",
        LotStatus.AWARD_DECISION: "pink",
        LotStatus.STANDSTILL: "yellow",
        LotStatus.AWARDED: "green",
        LotStatus.NO_AWARD: "grey",
    },
    fields=((Lot, "status"),),
)
register(
    AwardStatus,
    {AwardStatus.PENDING: "yellow", AwardStatus.ACTIVE: "green", AwardStatus.CANCELLED: "red"},
)
