"""How dialogue's statuses look as GOV.UK tags (registered in `apps.py`)."""

from __future__ import annotations

from core.status_tags import register, register_field
from dialogue.models import (
    Clarification,
    ClarificationStatus,
    DialogueRound,
    EngagementStatus,
    MarketEngagement,
    OpportunityIndex,
    RoundStatus,
)
from procurement.models import TenderStatus

register(
    ClarificationStatus,
    {
        ClarificationStatus.AWAITING_ANSWER: "yellow",
        ClarificationStatus.PUBLISHED: "green",
        ClarificationStatus.ANSWERED_PRIVATELY: "blue",
    },
    fields=((Clarification, "status"),),
)
register(
    RoundStatus,
    {RoundStatus.PLANNED: "light-blue", RoundStatus.OPEN: "green", RoundStatus.CLOSED: "grey"},
    fields=((DialogueRound, "status"),),
)
register(
    EngagementStatus,
    {
        EngagementStatus.DRAFT: "grey",
        EngagementStatus.OPEN: "green",
        EngagementStatus.CLOSED: "grey",
    },
    fields=((MarketEngagement, "status"),),
)
# The search index keeps a copy of each public tender's status.
register_field(OpportunityIndex, "status", TenderStatus)
