"""Links into dialogue from the tender and mission pages: the council's links, a supplier's
own part, the way to join, and the mission's market-shaping summary."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogue.models import Clarification
from tests.commissioning.factories import SpecificationVersionFactory
from tests.dialogue.factories import ClarificationFactory
from tests.procurement.factories import TenderFactory, TenderParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tender(council: Any) -> Any:
    return TenderFactory(organisation=council, status="dialogue", procedure="competitive_flexible")


def _page(client: Any, user: Any, tender: Any) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("procurement:tender_detail", args=[tender.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_council_staff_see_the_buyer_links_and_questions_waiting(
    client: Any, commissioner: Any, tender: Any, supplier_org: Any
) -> None:
    ClarificationFactory(tender=tender, supplier=supplier_org)
    page = _page(client, commissioner, tender)
    assert "Questions, dialogue and messages" in page
    assert "1 waiting for an answer" in page
    assert reverse("dialogue:round_list", args=[tender.pk]) in page
    assert reverse("dialogue:market_shaping_tender", args=[tender.pk]) in page


def test_only_this_tenders_questions_still_waiting_are_counted(
    client: Any, commissioner: Any, tender: Any, supplier_org: Any
) -> None:
    for status in ("awaiting_answer", "awaiting_answer", "published"):
        ClarificationFactory(tender=tender, supplier=supplier_org, status=status)
    ClarificationFactory(tender=TenderFactory(organisation=tender.organisation))
    page = _page(client, commissioner, tender)
    assert "2 waiting for an answer" in page
    Clarification.objects.filter(tender=tender, status="awaiting_answer").update(status="published")
    page = _page(client, commissioner, tender)
    assert "waiting for an answer" not in page
    assert "Questions, dialogue and messages" in page


def test_a_supplier_not_taking_part_is_offered_to_take_part(
    client: Any, supplier_user: Any, tender: Any
) -> None:
    page = _page(client, supplier_user, tender)
    assert "Take part in this tender" in page
    assert reverse("dialogue:market_shaping_tender", args=[tender.pk]) not in page


def test_a_participant_sees_its_links_and_that_the_specification_changed(
    client: Any, supplier_user: Any, supplier_org: Any, tender: Any
) -> None:
    old = SpecificationVersionFactory(specification=tender.specification_version.specification)
    TenderParticipantFactory(tender=tender, supplier=supplier_org, last_seen_version=old)
    page = _page(client, supplier_user, tender)
    assert "Good Food Co-op is taking part" in page
    assert "The specification has changed since you last read it" in page
    assert reverse("dialogue:clarification_log", args=[tender.pk]) in page
    assert "Take part in this tender" not in page


def test_a_withdrawn_supplier_sees_its_withdrawal_not_the_links(
    client: Any, supplier_user: Any, supplier_org: Any, tender: Any
) -> None:
    TenderParticipantFactory(
        tender=tender, supplier=supplier_org, withdrawn_at=timezone.now(), withdrawal_reason="risk"
    )
    page = _page(client, supplier_user, tender)
    assert "withdrew from this tender" in page
    assert reverse("dialogue:round_list", args=[tender.pk]) not in page


def test_signed_out_visitors_and_other_suppliers_see_no_one_elses_part(
    client: Any, other_supplier_user: Any, supplier_org: Any, tender: Any
) -> None:
    TenderParticipantFactory(tender=tender, supplier=supplier_org)
    assert "Taking part" not in _page(client, None, tender)
    page = _page(client, other_supplier_user, tender)
    assert "Good Food Co-op" not in page
    assert "Take part in this tender" in page


def test_the_mission_page_links_to_its_market_shaping_summary(
    client: Any, commissioner: Any, council: Any
) -> None:
    from tests.commissioning.factories import MissionFactory

    mission = MissionFactory(organisation=council)
    client.force_login(commissioner)
    page = client.get(reverse("commissioning:mission_detail", args=[mission.pk])).content.decode()
    assert reverse("dialogue:market_shaping_mission", args=[mission.pk]) in page
