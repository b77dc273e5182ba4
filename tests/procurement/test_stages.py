"""Competitive flexible stages: between dialogue rounds the buyer chooses who goes
forward, with a reason told once to each supplier it drops; only suppliers still in the
process may submit final tenders."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import Notification
from core.errors import DomainError
from procurement import exclusion, services, stages
from procurement.models import BidStatus, Procedure, TenderParticipant, TenderStatus
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import (
    BidAnswerFactory,
    BidFactory,
    ExclusionDeclarationFactory,
    PublishedTenderFactory,
    TenderQuestionFactory,
)

pytestmark = pytest.mark.django_db
REASON = "Its outline did not show how it would reach the Hillside estate."


@pytest.fixture
def in_dialogue(
    council, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    tender = PublishedTenderFactory(
        organisation=council,
        created_by=commissioner,
        procedure=Procedure.COMPETITIVE_FLEXIBLE,
        status=TenderStatus.DIALOGUE,
    )
    TenderQuestionFactory(tender=tender, word_limit=50)
    services.participant_join(tender=tender, supplier=supplier_org, by=supplier_user)
    services.participant_join(tender=tender, supplier=other_supplier_org, by=other_supplier_user)
    return tender


def _participant(tender: Any, supplier: Any) -> TenderParticipant:
    return TenderParticipant.objects.get(tender=tender, supplier=supplier)


def _open_final(tender: Any) -> Any:
    type(tender).objects.filter(pk=tender.pk).update(status=TenderStatus.FINAL_SUBMISSIONS)
    tender.refresh_from_db()
    return tender


def _final_bid(tender: Any, supplier: Any) -> Any:
    bid = BidFactory(tender=tender, supplier=supplier)
    BidAnswerFactory(bid=bid, question=tender.questions.get(), text="Our final tender.")
    return bid


def test_supplier_not_taken_forward_is_told_once_and_cannot_submit_a_final_tender(
    client, in_dialogue, commissioner, other_supplier_org, other_supplier_user
):
    participant = _participant(in_dialogue, other_supplier_org)
    client.force_login(commissioner)
    url = reverse(
        "procurement:participant_not_taken_forward", args=[in_dialogue.pk, participant.pk]
    )
    response = client.post(url, {f"d{participant.pk}-reason": ""})
    assertContains(response, "Give the reason for not taking the supplier forward")
    response = client.post(url, {f"d{participant.pk}-reason": REASON})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.not_taken_forward_reason == REASON
    notices = Notification.objects.filter(
        recipient=other_supplier_user, subject__contains="not been taken forward"
    )
    assert notices.count() == 1 and REASON in notices.get().body
    with pytest.raises(DomainError, match="already"):
        stages.participant_not_taken_forward(
            tender=in_dialogue, participant=participant, reason=REASON, by=commissioner
        )
    assert notices.count() == 1
    tender = _open_final(in_dialogue)
    bid = _final_bid(tender, other_supplier_org)
    with pytest.raises(DomainError, match="was not taken forward"):
        services.bid_submit(bid=bid, by=other_supplier_user)
    client.force_login(other_supplier_user)
    response = client.get(reverse("procurement:bid_edit", args=[tender.pk]))
    assertContains(response, REASON, status_code=403)


def test_supplier_still_in_the_process_submits_its_final_tender(
    in_dialogue, supplier_org, supplier_user
):
    tender = _open_final(in_dialogue)
    bid = _final_bid(tender, supplier_org)
    services.bid_submit(bid=bid, by=supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED


def test_supplier_that_never_took_part_cannot_join_or_submit_a_final_tender(in_dialogue):
    newcomer = OrganisationFactory(name="Late Arrivals Ltd", kind="supplier")
    ExclusionDeclarationFactory(supplier=newcomer)
    person = UserFactory()
    MembershipFactory(user=person, organisation=newcomer, role="supplier")
    tender = _open_final(in_dialogue)
    with pytest.raises(DomainError, match="took part in the earlier stages"):
        services.participant_join(tender=tender, supplier=newcomer, by=person)
    with pytest.raises(DomainError, match="took part in the earlier stages"):
        services.bid_start(tender=tender, supplier=newcomer, by=person)
    bid = _final_bid(tender, newcomer)
    with pytest.raises(DomainError, match="took part in the earlier stages"):
        services.bid_submit(bid=bid, by=person)


def test_withdrawn_or_excluded_supplier_cannot_submit_a_final_tender(
    in_dialogue, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    services.participant_withdraw(
        participant=_participant(in_dialogue, supplier_org),
        reason="capacity",
        detail="",
        by=supplier_user,
    )
    exclusion.participant_exclude(
        tender=in_dialogue,
        participant=_participant(in_dialogue, other_supplier_org),
        reason="Fraud conviction.",
        by=commissioner,
    )
    tender = _open_final(in_dialogue)
    with pytest.raises(DomainError, match="withdrew"):
        services.bid_submit(bid=_final_bid(tender, supplier_org), by=supplier_user)
    with pytest.raises(DomainError, match="excluded"):
        services.bid_submit(bid=_final_bid(tender, other_supplier_org), by=other_supplier_user)


def test_at_least_one_supplier_goes_forward(
    in_dialogue, commissioner, supplier_org, other_supplier_org
):
    stages.participant_not_taken_forward(
        tender=in_dialogue,
        participant=_participant(in_dialogue, supplier_org),
        reason=REASON,
        by=commissioner,
    )
    with pytest.raises(DomainError, match="At least one supplier"):
        stages.participant_not_taken_forward(
            tender=in_dialogue,
            participant=_participant(in_dialogue, other_supplier_org),
            reason=REASON,
            by=commissioner,
        )


def test_down_selection_only_in_dialogue_of_a_competitive_flexible_tender(
    in_dialogue, commissioner, supplier_org
):
    participant = _participant(in_dialogue, supplier_org)
    tender = _open_final(in_dialogue)
    with pytest.raises(DomainError, match="only in a competitive flexible tender"):
        stages.participant_not_taken_forward(
            tender=tender, participant=participant, reason=REASON, by=commissioner
        )


def test_only_the_tenders_managers_may_down_select(
    in_dialogue, supplier_org, other_commissioner, viewer, supplier_user
):
    participant = _participant(in_dialogue, supplier_org)
    for person in (other_commissioner, viewer, supplier_user):
        with pytest.raises(PermissionDenied):
            stages.participant_not_taken_forward(
                tender=in_dialogue, participant=participant, reason=REASON, by=person
            )
    participant.refresh_from_db()
    assert participant.is_taken_forward


def test_bidders_page_offers_down_selection_in_dialogue(client, in_dialogue, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_bidders", args=[in_dialogue.pk]))
    assertContains(response, "Do not take Good Food Co-op forward to the next stage")
