"""Buyer forms in dialogue, through the pages: a meeting slot for a round, private
feedback to one bidder, the sign-up list of a market engagement event, and the
clarification answer form, which works without JavaScript."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from dialogue.clarifications.services import clarification_ask
from dialogue.rounds import services
from tests.commissioning.factories import CommissionFactory
from tests.dates import date_fields
from tests.dialogue.test_engagement_views import in_days, make_open
from tests.dialogue.test_rounds_services import dialogue_tender, open_round
from tests.dialogue.test_rounds_views import DAY, _url
from tests.procurement.factories import PublishedTenderFactory

pytestmark = pytest.mark.django_db

OUTLINE = "An accessible minibus on a fixed loop, booked by phone the day before."
FEEDBACK = "The loop works; tell us how you cover Sundays."


@pytest.fixture
def tender(council, commissioner, supplier_org, other_supplier_org):
    return dialogue_tender(council, supplier_org, other_supplier_org, created_by=commissioner)


# --- Rounds ----------------------------------------------------------------------------------
def test_the_buyer_adds_a_meeting_slot_that_bidders_can_book(
    client, tender, commissioner, supplier_user
):
    dialogue_round = open_round(tender, commissioner)
    day = timezone.localdate() + 5 * DAY
    client.force_login(commissioner)
    response = client.post(
        _url("round_slot_add", dialogue_round.pk),
        {
            **date_fields("slot-starts_at", day),
            "slot-starts_at_3": "10am",
            **date_fields("slot-ends_at", day),
            "slot-ends_at_3": "11:00",
            "slot-location": "Room 2, Northbridge Town Hall",
        },
        follow=True,
    )
    assertContains(response, "Meeting slot added.")
    slot = dialogue_round.slots.get()
    assert timezone.localtime(slot.starts_at).hour == 10
    client.force_login(supplier_user)
    assertContains(client.get(_url("round_detail", dialogue_round.pk)), "Room 2, Northbridge")


def test_a_slot_without_a_place_keeps_the_times_typed(client, tender, commissioner):
    dialogue_round = open_round(tender, commissioner)
    client.force_login(commissioner)
    response = client.post(
        _url("round_slot_add", dialogue_round.pk),
        {
            **date_fields("slot-starts_at", datetime.date(2031, 5, 6)),
            "slot-starts_at_3": "10am",
            **date_fields("slot-ends_at", datetime.date(2031, 5, 6)),
            "slot-ends_at_3": "11",
        },
    )
    assertContains(response, "Enter where the meeting is, or a link to join it online")
    assertContains(response, 'name="slot-starts_at_3" value="10am"')
    assertContains(response, 'name="slot-ends_at_0" value="6"')
    assert not dialogue_round.slots.exists()


def test_the_buyer_writes_private_feedback_from_the_bidders_page(
    client, tender, commissioner, supplier_org, supplier_user, other_supplier_user
):
    dialogue_round = open_round(tender, commissioner)
    services.outline_submit(
        dialogue_round=dialogue_round, supplier=supplier_org, text=OUTLINE, by=supplier_user
    )
    client.force_login(commissioner)
    url = _url("round_bidder", dialogue_round.pk, supplier_org.pk)
    assertContains(client.post(url, {"body": ""}), "Enter your feedback")
    response = client.post(url, {"body": FEEDBACK}, follow=True)
    assertContains(response, f"Feedback to {supplier_org.name} saved.")
    assert dialogue_round.feedback.get(supplier=supplier_org).body == FEEDBACK
    services.round_close(dialogue_round=dialogue_round, summary="Summary.", by=commissioner)
    client.force_login(supplier_user)
    assertContains(client.get(_url("round_detail", dialogue_round.pk)), FEEDBACK)
    client.force_login(other_supplier_user)
    assertNotContains(client.get(_url("round_detail", dialogue_round.pk)), FEEDBACK)


# --- Market engagement -----------------------------------------------------------------------
def test_the_buyer_sees_who_signed_up_for_the_event_and_their_access_needs(
    client, council, commissioner, supplier_org, supplier_user
):
    commission = CommissionFactory(organisation=council, title="Community food hubs")
    engagement = make_open(
        commission,
        commissioner,
        event_starts_at=in_days(3),
        event_location="Hall",
        event_capacity=30,
    )
    client.force_login(supplier_user)
    response = client.post(
        _url("engagement_signup", engagement.pk),
        {"access_needs": "Step-free access, please."},
        follow=True,
    )
    assertContains(response, "You have a place at the event.")
    assertContains(response, "1 of 30 taken")
    client.force_login(commissioner)
    response = client.get(_url("engagement_detail", engagement.pk))
    assertContains(response, "Who is coming to the event")
    assertContains(response, supplier_org.name)
    assertContains(response, "Step-free access, please.")
    assertNotContains(response, "Nobody has signed up for the event yet.")


# --- Clarifications --------------------------------------------------------------------------
def test_the_answer_form_shows_both_follow_up_questions_without_javascript(
    client, council, commissioner, supplier_org, supplier_user
):
    tender = PublishedTenderFactory(organisation=council, created_by=commissioner)
    asked = clarification_ask(
        tender=tender, supplier=supplier_org, question="May volunteers cook?", by=supplier_user
    )
    client.force_login(commissioner)
    response = client.get(_url("clarification_answer", asked.pk))
    # No conditional reveal: both fields are on the page whichever option is chosen.
    assertContains(response, "Question as it will be published")
    assertContains(response, "Why are you answering privately?")
    assertContains(response, 'value="publish" checked')
