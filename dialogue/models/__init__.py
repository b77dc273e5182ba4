"""The supplier portal and dialogue with the market, one module per part."""

from dialogue.models.clarifications import Clarification, ClarificationStatus
from dialogue.models.engagement import (
    EngagementAnswer,
    EngagementQuestion,
    EngagementResponse,
    EngagementStatus,
    EventSignup,
    MarketEngagement,
    MarketInsight,
)
from dialogue.models.participation import TenderMessage
from dialogue.models.rounds import (
    DialogueRound,
    MeetingSlot,
    OutlineSubmission,
    RoundFeedback,
    RoundStatus,
)
from dialogue.models.search import OpportunityIndex, SavedSearch, ValueBand

__all__ = [
    "Clarification",
    "ClarificationStatus",
    "DialogueRound",
    "EngagementAnswer",
    "EngagementQuestion",
    "EngagementResponse",
    "EngagementStatus",
    "EventSignup",
    "MarketEngagement",
    "MarketInsight",
    "MeetingSlot",
    "OpportunityIndex",
    "OutlineSubmission",
    "RoundFeedback",
    "RoundStatus",
    "SavedSearch",
    "TenderMessage",
    "ValueBand",
]
