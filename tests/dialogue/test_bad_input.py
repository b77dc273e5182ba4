"""Bad input, generated, on a supplier's response to a market engagement and its outline
solution in a dialogue round: the draft or what is sent is saved exactly as typed (with
its file), or refused with nothing written — never a server error. The helpers are
shared (`tests/bad_input.py`)."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from core.text import word_count
from dialogue.models import (
    DialogueRound,
    EngagementResponse,
    MarketEngagement,
    MeetingSlot,
    OutlineSubmission,
)
from dialogue.rounds import services
from tests.bad_input import (
    ANY_TEXT,
    DATE_PART,
    EXAMPLES,
    FILE_CONTENT,
    FILE_NAME,
    ID_FIELD,
    NUMBER_TEXT,
    TEXT,
    refused,
)
from tests.commissioning.factories import CommissionFactory
from tests.dates import date_fields, datetime_fields
from tests.dialogue.test_engagement_views import make_open
from tests.dialogue.test_rounds_services import dialogue_tender, open_round, plan_round

pytestmark = pytest.mark.django_db
ACTION = st.one_of(st.sampled_from(["submit", "send", "save"]), ANY_TEXT)


# --- Market engagement: a supplier's response -----------------------------------------------
@pytest.fixture
def engagement(council, commissioner) -> MarketEngagement:
    """Open for responses: two questions of up to 10 words each."""
    return make_open(CommissionFactory(organisation=council), commissioner)


@EXAMPLES
@example(action="send", first=" Shared vans between hubs. ", second="")
@example(action="save", first="", second="")
@given(action=ACTION, first=TEXT, second=TEXT)
def test_engagement_response_form(
    client, engagement, supplier_org, supplier_user, action: str, first: str, second: str
) -> None:
    client.force_login(supplier_user)
    EngagementResponse.objects.filter(engagement=engagement).delete()
    questions = list(engagement.questions.order_by("pk"))
    typed = dict(zip([question.pk for question in questions], (first, second), strict=True))
    response = client.post(
        reverse("dialogue:engagement_respond", args=[engagement.pk]),
        {"action": action, **{f"answer_{pk}": text for pk, text in typed.items()}},
    )
    responses = EngagementResponse.objects.filter(engagement=engagement, supplier=supplier_org)
    too_long = any(word_count(text) > 10 for text in typed.values())
    if "\x00" in first + second or too_long:
        # Over a word limit, or a NUL character: nothing is saved, not even a draft.
        assert refused(response)
        assert not responses.exists()
        return
    saved = responses.get()
    assert {answer.question_id: answer.text for answer in saved.answers.all()} == typed
    if action == "send" and (first.strip() or second.strip()):
        assert response.status_code == 302, response.status_code
        assert saved.submitted_at is not None
    elif action == "send":
        # Nothing to send: refused, with the draft kept.
        assert refused(response)
        assert saved.submitted_at is None
    else:
        assert response.status_code == 302, response.status_code
        assert saved.submitted_at is None


# --- A dialogue round: the outline solution -------------------------------------------------


@pytest.fixture
def dialogue_round(council, commissioner, supplier_org) -> DialogueRound:
    """An open round with an outline limit of 100 words, the supplier taking part."""
    return open_round(dialogue_tender(council, supplier_org, created_by=commissioner), commissioner)


@EXAMPLES
@example(action="submit", text=" Three hubs sharing one van. ", file=None)
@example(action="save", text="", file=("Our outline.pdf", b"%PDF-1.7\n%%EOF"))
@given(
    action=ACTION,
    text=TEXT,
    file=st.one_of(st.none(), st.tuples(FILE_NAME, FILE_CONTENT)),
)
def test_outline_form(
    client,
    dialogue_round,
    supplier_org,
    supplier_user,
    action: str,
    text: str,
    file: tuple[str, bytes] | None,
) -> None:
    client.force_login(supplier_user)
    # Each example starts with no outline.
    OutlineSubmission.objects.filter(round=dialogue_round).delete()
    data: dict[str, Any] = {"action": action, "outline-text": text}
    if file is not None:
        data["outline-upload"] = SimpleUploadedFile(*file)
    response = client.post(reverse("dialogue:round_outline", args=[dialogue_round.pk]), data)
    outlines = OutlineSubmission.objects.filter(round=dialogue_round, supplier=supplier_org)
    if refused(response):
        assert not outlines.exists()
        return
    outline = outlines.get()
    assert outline.text == text.strip()
    assert (outline.submitted_at is not None) == (action == "submit")
    if not outline.attachment:
        # None sent, or a name Django drops (nothing left of it once cleaned): no file.
        assert file is None or MultiPartParser.sanitize_file_name(None, file[0]) is None
    else:
        assert file is not None
        with outline.attachment.open("rb") as stored:
            assert stored.read() == file[1]
        outline.attachment.delete(save=False)


# --- Market engagement: the buyer's draft ----------------------------------------------------
# An online link as typed: empty, a real web address of any length, or anything.
LINK = st.one_of(
    st.just(""),
    ANY_TEXT.map(lambda path: "https://example.org/" + quote(path)),
    st.text(alphabet="abc", min_size=200, max_size=400).map(lambda path: f"https://a.org/{path}"),
    ANY_TEXT,
)
CAPACITY = st.one_of(st.just(""), st.integers(min_value=-5, max_value=10**12).map(str), NUMBER_TEXT)


@EXAMPLES
@example(title=" Food hubs ", brief=" Tell us. ", event=True, place="Hall", link="", places="30")
@example(title="Hubs", brief="What works?", event=False, place="", link="", places="")
@example(title="Hubs", brief="What?", event=True, place="Hall", link="", places="3000000000")
@example(
    title="Hubs", brief="What?", event=True, place="", link="https://a.org/" + "a" * 190, places=""
)
@example(
    title="Hubs", brief="What?", event=True, place="", link="https://meet.example.org/a", places=""
)
@given(
    title=TEXT,
    brief=TEXT,
    event=st.booleans(),
    place=TEXT,
    link=LINK,
    places=CAPACITY,
)
def test_engagement_form(
    client,
    council,
    commissioner,
    title: str,
    brief: str,
    event: bool,
    place: str,
    link: str,
    places: str,
) -> None:
    """A draft engagement on the commission, with what was typed, or refused with none."""
    commission = CommissionFactory(organisation=council)
    client.force_login(commissioner)
    soon = timezone.now() + datetime.timedelta(days=30)
    response = client.post(
        reverse("dialogue:engagement_create", args=[commission.pk]),
        {
            "title": title,
            "brief": brief,
            **datetime_fields("response_deadline", soon, "5pm"),
            **datetime_fields("event_starts_at", soon if event else None, "10am" if event else ""),
            "event_location": place,
            "event_online_url": link,
            "event_capacity": places,
        },
    )
    drafts = MarketEngagement.objects.filter(commission=commission)
    if (title, event, places) in {(" Food hubs ", True, "30"), ("Hubs", False, "")}:
        assert response.status_code == 302, "The examples that must save were refused."
    if refused(response):
        assert not drafts.exists()
        return
    draft = drafts.get()
    assert (draft.title, draft.brief) == (title.strip(), brief.strip())
    assert draft.event_location == place.strip()
    assert (draft.event_starts_at is not None) == event
    assert draft.event_capacity == (int(places) if event and places.strip() else None)


# --- A dialogue round: the buyer's plan and its meeting slots ---------------------------------
@pytest.fixture
def flexible_tender(council, commissioner, supplier_org) -> Any:
    """A competitive flexible tender with two requirements open for dialogue."""
    return dialogue_tender(council, supplier_org, created_by=commissioner)


@EXAMPLES
@example(title=" Transport ", agenda=" Getting to meals. ", real=True, topic="", limit="500")
@example(title="Venues", agenda="Which to keep.", real=True, topic="", limit="4000000000")
@given(title=TEXT, agenda=TEXT, real=st.booleans(), topic=ID_FIELD, limit=NUMBER_TEXT)
def test_round_form(
    client,
    flexible_tender,
    commissioner,
    supplier_org,
    title: str,
    agenda: str,
    real: bool,
    topic: str,
    limit: str,
) -> None:
    """Round 1 planned as typed, or refused with no round; a topic not open for dialogue
    and a bidder not taking part are never taken."""
    DialogueRound.objects.filter(tender=flexible_tender).delete()
    today = timezone.localdate()
    client.force_login(commissioner)
    open_topic = services.open_topics_for(flexible_tender).first()
    response = client.post(
        reverse("dialogue:round_create", args=[flexible_tender.pk]),
        {
            "title": title,
            "agenda": agenda,
            "topics": [str(open_topic.pk) if real else topic],
            "invited": [str(supplier_org.pk) if real else topic],
            **date_fields("meetings_from", today + datetime.timedelta(days=5)),
            **date_fields("meetings_to", today + datetime.timedelta(days=6)),
            **datetime_fields("outline_deadline", timezone.now() + datetime.timedelta(days=9)),
            "outline_word_limit": limit,
        },
    )
    rounds = DialogueRound.objects.filter(tender=flexible_tender)
    if (title, limit) == (" Transport ", "500"):
        assert response.status_code == 302, "The example that must save was refused."
    if refused(response):
        assert not rounds.exists()
        return
    planned = rounds.get()
    assert (planned.number, planned.title, planned.agenda) == (1, title.strip(), agenda.strip())
    assert planned.outline_word_limit == int(limit)
    assert list(planned.topics.all()) == [open_topic]
    assert list(planned.invited.all()) == [supplier_org]


# A meeting time as typed: mostly a plausible one, or anything.
TIME = st.one_of(st.sampled_from(["10am", "11am", "2:30pm", "12pm", "0:00", "25pm"]), ANY_TEXT)


@EXAMPLES
@example(day="", start="10am", end="11am", location=" Room 2, Northbridge Town Hall ")
@example(day="", start="11am", end="10am", location="Room 2")
@given(day=st.one_of(st.just(""), DATE_PART), start=TIME, end=TIME, location=TEXT)
def test_meeting_slot_form(
    client, flexible_tender, commissioner, day: str, start: str, end: str, location: str
) -> None:
    """A slot on the round's first meeting day (or the day typed), added as typed, or
    refused with none added."""
    dialogue_round = plan_round(flexible_tender, commissioner)
    first = dialogue_round.meetings_from
    typed_day = (day or str(first.day), str(first.month), str(first.year))
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:round_slot_add", args=[dialogue_round.pk]),
        {
            **{f"slot-{k}": v for k, v in date_fields("starts_at", typed_day).items()},
            "slot-starts_at_3": start,
            **{f"slot-{k}": v for k, v in date_fields("ends_at", typed_day).items()},
            "slot-ends_at_3": end,
            "slot-location": location,
        },
    )
    slots = MeetingSlot.objects.filter(round=dialogue_round)
    if (start, end, location) == ("10am", "11am", " Room 2, Northbridge Town Hall "):
        assert response.status_code == 302, "The example that must save was refused."
    if refused(response):
        assert not slots.exists()
        return
    slot = slots.get()
    assert slot.location == location.strip()
    assert slot.starts_at < slot.ends_at
    assert dialogue_round.meetings_from <= timezone.localtime(slot.starts_at).date()
    assert timezone.localtime(slot.starts_at).date() <= dialogue_round.meetings_to
