"""A supplier the buyer took out of a tender's process (excluded, not taken forward at a
stage, or failed the conditions of participation) loses the tender's private dialogue:
clarifications, rounds and messages. Each page tells it why instead, and it keeps its own
feedback from closed rounds. A supplier still in the process sees everything as before."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.errors import DomainError
from dialogue.participation import services as participation_services
from procurement import exclusion, services, stages
from procurement.models import Procedure, TenderParticipant, TenderStatus
from tests.dialogue.factories import (
    ClarificationFactory,
    DialogueRoundFactory,
    RoundFeedbackFactory,
)
from tests.procurement.factories import PublishedTenderFactory

pytestmark = pytest.mark.django_db
REASON = "Your outline did not reach the Hillside estate."
OWN_FEEDBACK = "Your volunteer model is strong, but Hillside is missing."
RIVAL_FEEDBACK = "Your kitchen plan for Hillside is convincing."
OWN_QUESTION = "Can we subcontract the deliveries?"
PUBLISHED_ANSWER = "Yes, consortium bids are welcome."


@pytest.fixture
def dialogue(
    council, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
) -> dict[str, Any]:
    """A tender in dialogue: both suppliers take part; round 1 closed with feedback to
    each, round 2 open; a published answer and the other supplier's own question."""
    tender = PublishedTenderFactory(
        organisation=council,
        created_by=commissioner,
        procedure=Procedure.COMPETITIVE_FLEXIBLE,
        status=TenderStatus.DIALOGUE,
    )
    services.participant_join(tender=tender, supplier=supplier_org, by=supplier_user)
    services.participant_join(tender=tender, supplier=other_supplier_org, by=other_supplier_user)
    closed = DialogueRoundFactory(tender=tender, number=1, status="closed")
    opened = DialogueRoundFactory(tender=tender, number=2, status="open")
    for dialogue_round in (closed, opened):
        dialogue_round.invited.add(supplier_org, other_supplier_org)
    RoundFeedbackFactory(round=closed, supplier=other_supplier_org, body=OWN_FEEDBACK)
    RoundFeedbackFactory(round=closed, supplier=supplier_org, body=RIVAL_FEEDBACK)
    published = ClarificationFactory(
        tender=tender,
        supplier=supplier_org,
        status="published",
        answer=PUBLISHED_ANSWER,
        log_number=1,
        published_question="Can we bid as a consortium?",
    )
    own = ClarificationFactory(tender=tender, supplier=other_supplier_org, question=OWN_QUESTION)
    return {"tender": tender, "open": opened, "published": published, "own": own}


def _remove(how: str, tender: Any, supplier: Any, commissioner: Any) -> None:
    participant = TenderParticipant.objects.get(tender=tender, supplier=supplier)
    if how == "excluded":
        exclusion.participant_exclude(
            tender=tender, participant=participant, reason=REASON, by=commissioner
        )
    elif how == "not_taken_forward":
        stages.participant_not_taken_forward(
            tender=tender, participant=participant, reason=REASON, by=commissioner
        )
    else:
        TenderParticipant.objects.filter(pk=participant.pk).update(
            conditions_answered_at=timezone.now(),
            conditions_passed=False,
            conditions_assessed_at=timezone.now(),
            conditions_reason=REASON,
        )


def _pages(dialogue: dict[str, Any]) -> dict[str, str]:
    tender = dialogue["tender"]
    return {
        "clarification log": reverse("dialogue:clarification_log", args=[tender.pk]),
        "ask a question": reverse("dialogue:clarification_ask", args=[tender.pk]),
        "own question": reverse("dialogue:clarification_detail", args=[dialogue["own"].pk]),
        "published answer": reverse(
            "dialogue:clarification_detail", args=[dialogue["published"].pk]
        ),
        "rounds": reverse("dialogue:round_list", args=[tender.pk]),
        "open round": reverse("dialogue:round_detail", args=[dialogue["open"].pk]),
        "messages": reverse("dialogue:participant_messages", args=[tender.pk]),
    }


HOW = ["excluded", "not_taken_forward", "failed_conditions"]


@pytest.mark.parametrize("how", HOW)
def test_removed_supplier_is_refused_every_dialogue_page_with_the_reason(
    client, dialogue, commissioner, other_supplier_org, other_supplier_user, how
):
    _remove(how, dialogue["tender"], other_supplier_org, commissioner)
    client.force_login(other_supplier_user)
    for name, url in _pages(dialogue).items():
        response = client.get(url)
        assert response.status_code == 403, name
        assertContains(response, "is no longer taking part in this tender", status_code=403)
        assertContains(response, REASON, status_code=403)
        assertNotContains(response, PUBLISHED_ANSWER, status_code=403)
        assertNotContains(response, OWN_QUESTION, status_code=403)
        # Its own feedback from the closed round stays; never the other supplier's.
        assertContains(response, OWN_FEEDBACK, status_code=403)
        assertNotContains(response, RIVAL_FEEDBACK, status_code=403)


@pytest.mark.parametrize("how", HOW)
def test_removed_supplier_cannot_message_ask_or_use_rounds(
    client, dialogue, commissioner, other_supplier_org, other_supplier_user, how
):
    tender = dialogue["tender"]
    _remove(how, tender, other_supplier_org, commissioner)
    client.force_login(other_supplier_user)
    response = client.post(
        reverse("dialogue:participant_messages", args=[tender.pk]), {"body": "Hello?"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("dialogue:clarification_ask", args=[tender.pk]), {"question": "One more?"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("dialogue:round_outline", args=[dialogue["open"].pk]),
        {"outline-text": "Our outline", "action": "submit"},
    )
    assert response.status_code == 403
    participant = TenderParticipant.objects.get(tender=tender, supplier=other_supplier_org)
    assert not participant.messages.exists()
    with pytest.raises(DomainError, match="no longer taking part"):
        participation_services.message_send(
            participant=participant, body="Hello?", by=other_supplier_user
        )


def test_removed_supplier_sees_why_on_the_tender_page(
    client, dialogue, commissioner, other_supplier_org, other_supplier_user
):
    _remove("not_taken_forward", dialogue["tender"], other_supplier_org, commissioner)
    client.force_login(other_supplier_user)
    response = client.get(reverse("procurement:tender_detail", args=[dialogue["tender"].pk]))
    assertContains(response, "is no longer taking part in this tender")
    assertContains(response, REASON)
    assertNotContains(response, "Messages with the buyer")


def test_supplier_still_in_the_process_keeps_every_dialogue_page(
    client, dialogue, commissioner, supplier_user, other_supplier_org
):
    _remove("failed_conditions", dialogue["tender"], other_supplier_org, commissioner)
    client.force_login(supplier_user)
    for name, url in _pages(dialogue).items():
        if name == "own question":
            continue  # the other supplier's question: never readable by this one
        response = client.get(url)
        assert response.status_code == 200, name
        assertNotContains(response, "is no longer taking part")
    response = client.get(_pages(dialogue)["clarification log"])
    assertContains(response, PUBLISHED_ANSWER)


def test_the_council_still_sees_a_removed_suppliers_thread_and_question(
    client, dialogue, commissioner, other_supplier_org
):
    _remove("excluded", dialogue["tender"], other_supplier_org, commissioner)
    client.force_login(commissioner)
    response = client.get(_pages(dialogue)["own question"])
    assertContains(response, OWN_QUESTION)
    response = client.get(_pages(dialogue)["open round"])
    assert response.status_code == 200


def test_removed_supplier_is_left_out_of_new_rounds_and_final_submission_notices(
    dialogue, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    import datetime

    from accounts.models import Notification
    from dialogue.rounds import services as round_services

    tender = dialogue["tender"]
    _remove("failed_conditions", tender, other_supplier_org, commissioner)
    new_round = round_services.round_create(
        tender=tender,
        title="Final questions",
        agenda="Anything still open.",
        topics=[],
        meetings_from=timezone.localdate() + datetime.timedelta(days=20),
        meetings_to=timezone.localdate() + datetime.timedelta(days=21),
        outline_deadline=timezone.now() + datetime.timedelta(days=25),
        by=commissioner,
    )
    assert list(new_round.invited.all()) == [supplier_org]
    tender.dialogue_rounds.update(status="closed")
    type(tender).objects.filter(pk=tender.pk).update(
        submission_deadline=timezone.now() + datetime.timedelta(days=60)
    )
    tender.refresh_from_db()
    round_services.tender_final_submissions_open(
        tender=tender,
        submission_deadline=timezone.now() + datetime.timedelta(days=50),
        by=commissioner,
    )
    told = Notification.objects.filter(key__startswith=f"final-submissions:{tender.pk}:")
    assert told.filter(recipient=supplier_user).exists()
    assert not told.filter(recipient=other_supplier_user).exists()
