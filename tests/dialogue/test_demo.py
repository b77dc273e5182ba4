"""The demo shows a tender mid-dialogue with published clarifications and a withdrawal,
and an open market engagement."""

from __future__ import annotations

import pytest

from dialogue.demo import DIALOGUE_REFERENCE
from dialogue.models import (
    MarketEngagement,
)
from home import demo_data
from procurement.models import Tender

pytestmark = pytest.mark.django_db


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
    # That loading it twice changes nothing is tested with the whole demo, counting these
    # records too, in tests/test_seed_demo.py (each whole load is slow).
