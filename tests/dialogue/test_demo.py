"""The demo shows a tender mid-dialogue with published clarifications and a withdrawal,
and an open market engagement; loading it twice changes nothing."""

from __future__ import annotations

import pytest

from dialogue.demo import DIALOGUE_REFERENCE
from dialogue.models import (
    Clarification,
    DialogueRound,
    MarketEngagement,
    OutlineSubmission,
    TenderMessage,
)
from home import demo_data
from procurement.models import Tender, TenderParticipant

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "participants": TenderParticipant.objects.count(),
        "clarifications": Clarification.objects.count(),
        "rounds": DialogueRound.objects.count(),
        "outlines": OutlineSubmission.objects.count(),
        "messages": TenderMessage.objects.count(),
        "engagements": MarketEngagement.objects.count(),
    }


def test_the_demo_has_a_tender_mid_dialogue_with_clarifications_and_a_withdrawal() -> None:
    demo_data.load()
    tender = Tender.objects.get(reference=DIALOGUE_REFERENCE)
    assert tender.status == "dialogue"
    assert tender.clarifications.filter(status="published").count() >= 3
    withdrawn = tender.participants.exclude(withdrawn_at=None)
    assert [p.withdrawal_reason for p in withdrawn] == ["risk"]
    rounds = list(tender.dialogue_rounds.order_by("number"))
    assert [r.status for r in rounds] == ["closed", "open"]
    assert rounds[0].issued_version == tender.specification_version
    assert MarketEngagement.objects.filter(status="open").exists()

    before = _counts()
    demo_data.load()
    assert _counts() == before
