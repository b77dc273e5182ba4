"""Bad input, generated, on a supplier's response to a market engagement and its outline
solution in a dialogue round: the draft or what is sent is saved exactly as typed (with
its file), or refused with nothing written — never a server error. The helpers are
shared (`tests/bad_input.py`)."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from commissioning.models import Requirement
from core.text import word_count
from dialogue.clarifications import services as clarification_services
from dialogue.engagement import services as engagement_services
from dialogue.models import (
    Clarification,
    ClarificationStatus,
    DialogueRound,
    EngagementQuestion,
    EngagementResponse,
    MarketEngagement,
    MarketInsight,
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
    as_posted,
    name_of,
    refused,
)
from tests.commissioning.factories import (
    CommissionFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
    SpecificationVersionFactory,
)
from tests.dates import date_fields, datetime_fields
from tests.dialogue.test_engagement_views import make_open
from tests.dialogue.test_rounds_services import (
    add_slot,
    dialogue_tender,
    open_round,
    plan_round,
)
from tests.procurement.factories import PublishedTenderFactory

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


# --- A dialogue round: a bidder booking and cancelling a meeting ------------------------------
@pytest.fixture
def slots(council, commissioner, supplier_org, other_supplier_org) -> dict[str, MeetingSlot]:
    """An open round's slots: two free, one the other bidder booked, one that has started,
    and a slot of a round of another tender."""
    tender = dialogue_tender(council, supplier_org, other_supplier_org, created_by=commissioner)
    dialogue_round = open_round(tender, commissioner)
    elsewhere = open_round(dialogue_tender(council, supplier_org), commissioner)
    named = {
        "free": add_slot(dialogue_round, commissioner, hour=10),
        "mine": add_slot(dialogue_round, commissioner, hour=11),
        "taken": add_slot(dialogue_round, commissioner, hour=12),
        "started": add_slot(dialogue_round, commissioner, hour=13),
        "elsewhere": add_slot(elsewhere, commissioner, hour=10),
    }
    named["taken"].booked_by_supplier = other_supplier_org
    named["taken"].save()
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    MeetingSlot.objects.filter(pk=named["started"].pk).update(
        starts_at=an_hour_ago, ends_at=an_hour_ago + datetime.timedelta(minutes=30)
    )
    return named


def _bookings(slots: dict[str, MeetingSlot], supplier: Any, booked: str | None) -> dict[str, Any]:
    """Each example starts with the supplier's booking as given (or none), and the other
    bidder's; returns who has each slot."""
    mine = MeetingSlot.objects.filter(booked_by_supplier=supplier)
    mine.update(booked_by_supplier=None, booked_by=None, booked_at=None)
    if booked is not None:
        MeetingSlot.objects.filter(pk=slots[booked].pk).update(
            booked_by_supplier=supplier, booked_at=timezone.now()
        )
    return _holders(slots)


def _holders(slots: dict[str, MeetingSlot]) -> dict[str, Any]:
    return {
        name: MeetingSlot.objects.get(pk=slot.pk).booked_by_supplier_id
        for name, slot in slots.items()
    }


# Which slot is posted: one of the round's (or another round's) by its name, or any id.
SLOT = st.one_of(st.sampled_from(["free", "mine", "taken", "started", "elsewhere"]), ID_FIELD)


@EXAMPLES
@example(chosen="free", booked=None)
@example(chosen="mine", booked="mine")
@given(chosen=SLOT, booked=st.sampled_from([None, "mine", "started"]))
def test_meeting_booking_form(
    client, slots, supplier_org, supplier_user, chosen: str, booked: str | None
) -> None:
    """The bidder has the free slot chosen (its own booking chosen again changes nothing),
    or is refused with every booking as it was: a slot taken, started, of another round,
    not a slot at all, or a second meeting in the round."""
    before = _bookings(slots, supplier_org, booked)
    client.force_login(supplier_user)
    response = client.post(
        reverse("dialogue:round_slot_book", args=[slots["free"].round_id]),
        {"booking-slot": as_posted(slots, chosen)},
    )
    after = _holders(slots)
    chosen = name_of(slots, chosen)
    if chosen == booked or (chosen in {"free", "mine"} and booked is None):
        assert response.status_code == 302, response.status_code
        assert after == before | {chosen: supplier_org.pk}
    else:
        assert refused(response)
        assert after == before


@EXAMPLES
@example(chosen="mine", booked="mine")
@given(
    chosen=st.one_of(
        st.sampled_from(["free", "mine", "taken", "started", "elsewhere"]),
        st.integers(min_value=0, max_value=10**30).map(str),
    ),
    booked=st.sampled_from([None, "mine", "started"]),
)
def test_meeting_cancel(
    client, slots, supplier_org, supplier_user, chosen: str, booked: str | None
) -> None:
    """The bidder's own booking is cancelled before it starts; any other slot is refused
    with the reason, and one not in the round is not found, every booking as it was."""
    before = _bookings(slots, supplier_org, booked)
    client.force_login(supplier_user)
    response = client.post(
        reverse(
            "dialogue:round_slot_cancel",
            args=[slots["free"].round_id, as_posted(slots, chosen)],
        )
    )
    after = _holders(slots)
    chosen = name_of(slots, chosen)
    if chosen not in slots or chosen == "elsewhere":
        assert response.status_code == 404, response.status_code
        assert after == before
        return
    assert response.status_code == 302, response.status_code
    # The message this post added (the client keeps earlier examples' unread ones).
    told = [str(message) for message in get_messages(response.wsgi_request)][-1:]
    if chosen == booked == "mine":
        assert after == before | {"mine": None}
        assert told == ["Your meeting is cancelled. You can book another time."]
    else:
        assert after == before
        assert told in (
            ["You have not booked this meeting."],
            ["This meeting has already started, so you cannot cancel it."],
        )


# --- A dialogue round closed, issuing a new version of the tender's specification ------------
@pytest.fixture
def round_to_close(flexible_tender, commissioner) -> DialogueRound:
    return open_round(flexible_tender, commissioner)


@EXAMPLES
@example(summary=" We heard that transport matters most. ", issue=True, note=" Transport added. ")
@example(summary="Thank you.", issue=False, note="")
@given(summary=TEXT, issue=st.booleans(), note=TEXT)
def test_round_close_form(
    client, round_to_close, commissioner, summary: str, issue: bool, note: str
) -> None:
    """Closed with the summary as typed, and (when chosen) the specification's next
    version issued with the change note and the tender moved to it; or refused exactly
    when the form's rules say, the round open and no version issued."""
    rounds = DialogueRound.objects.filter(pk=round_to_close.pk)
    rounds.update(status="open", summary="", closed_at=None, closed_by=None, issued_version=None)
    tender = round_to_close.tender
    first = tender.specification_version
    type(tender).objects.filter(pk=tender.pk).update(specification_version=first)
    first.specification.versions.exclude(pk=first.pk).delete()
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:round_close", args=[round_to_close.pk]),
        {"summary": summary, "issue_version": "on" if issue else "", "change_note": note},
    )
    closed = rounds.select_related("tender", "issued_version").get()
    versions = first.specification.versions.exclude(pk=first.pk)
    wrong = not summary.strip() or "\x00" in summary + note or (issue and not note.strip())
    assert refused(response) == wrong
    if wrong:
        assert (closed.status, closed.summary, closed.closed_at) == ("open", "", None)
        assert not versions.exists()
        assert closed.tender.specification_version_id == first.pk
        return
    assert (closed.status, closed.summary, closed.closed_by) == (
        "closed",
        summary.strip(),
        commissioner,
    )
    if issue:
        issued = versions.get()
        assert (issued.number, issued.change_note) == (first.number + 1, note.strip())
        assert closed.issued_version == issued
        assert closed.tender.specification_version_id == issued.pk
    else:
        assert not versions.exists()
        assert closed.issued_version is None
        assert closed.tender.specification_version_id == first.pk


# --- Market engagement: the buyer's questions for the market ----------------------------------
@pytest.fixture
def draft(council, commissioner) -> MarketEngagement:
    """A draft engagement on a commission whose specification has a section with an open
    requirement; another commission's requirement is not the engagement's."""
    commission = CommissionFactory(organisation=council)
    section = SpecificationSectionFactory(
        specification=SpecificationFactory(commission=commission), kind="requirements"
    )
    Requirement.objects.create(
        section=section, kind="open_for_dialogue", text="How prices are set."
    )
    elsewhere = SpecificationSectionFactory(
        specification=SpecificationFactory(), kind="requirements"
    )
    Requirement.objects.create(section=elsewhere, kind="open_for_dialogue", text="Elsewhere.")
    return engagement_services.engagement_create(
        commission=commission,
        by=commissioner,
        title="Food hubs",
        brief="Tell us what would work.",
        response_deadline=timezone.now() + datetime.timedelta(days=14),
    )


def _spec_item(draft: MarketEngagement, which: str) -> str:
    """What the part-of-the-specification choice posts for a name, or what was typed."""
    section = draft.commission.specification.sections.get()
    if which == "section":
        return f"section:{section.pk}"
    if which == "requirement":
        return f"requirement:{section.requirements.get().pk}"
    if which == "elsewhere":
        return f"requirement:{Requirement.objects.exclude(section=section).get().pk}"
    return which


@EXAMPLES
@example(text=" Who would run the hubs? ", guidance=" Say who. ", limit=" 300 ", item="")
@example(text="What would it cost?", guidance="", limit="5000", item="requirement")
@example(text="Where?", guidance="", limit="3000000000", item="section")
@given(
    text=TEXT,
    guidance=TEXT,
    limit=st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), NUMBER_TEXT),
    item=st.one_of(st.sampled_from(["", "section", "requirement", "elsewhere"]), ANY_TEXT),
)
def test_engagement_question_form(
    client, draft, commissioner, text: str, guidance: str, limit: str, item: str
) -> None:
    """The question is added as typed, linked to the part of this commission's
    specification chosen, or refused with the draft's questions as they were."""
    EngagementQuestion.objects.filter(engagement=draft).delete()
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_question_add", args=[draft.pk]),
        {"text": text, "guidance": guidance, "word_limit": limit, "item": _spec_item(draft, item)},
    )
    questions = EngagementQuestion.objects.filter(engagement=draft)
    if (text, item) in {(" Who would run the hubs? ", ""), ("What would it cost?", "requirement")}:
        assert response.status_code == 302, "The examples that must save were refused."
    if refused(response):
        assert not questions.exists()
        return
    question = questions.get()
    assert (question.text, question.guidance) == (text.strip(), guidance.strip())
    assert question.word_limit == int(limit)
    linked = (
        f"section:{question.section_id}"
        if question.section_id
        else f"requirement:{question.requirement_id}"
        if question.requirement_id
        else ""
    )
    assert linked == (_spec_item(draft, item) if item in {"section", "requirement"} else "")


# --- Market engagement: a specification version issued from what the market said ------------
@pytest.fixture
def insights(draft, commissioner) -> dict[str, MarketInsight]:
    """Two insights from the open engagement, one already acted on by version 1, and an
    insight of another engagement."""
    engagement = engagement_services.engagement_open(
        engagement=_with_a_question(draft, commissioner), by=commissioner
    )
    named = {
        name: engagement_services.insight_add(engagement=engagement, by=commissioner, text=text)
        for name, text in [
            ("prices", "Agree prices with families."),
            ("premises", "Some halls are too small."),
            ("cited", "Open at weekends."),
        ]
    }
    first = SpecificationVersionFactory(specification=draft.commission.specification, number=1)
    MarketInsight.objects.filter(pk=named["cited"].pk).update(cited_in_version=first)
    other = make_open(CommissionFactory(organisation=draft.organisation), commissioner)
    named["elsewhere"] = engagement_services.insight_add(
        engagement=other, by=commissioner, text="Elsewhere."
    )
    return named


def _with_a_question(draft: MarketEngagement, by: Any) -> MarketEngagement:
    engagement_services.question_add(engagement=draft, by=by, text="What would work?")
    return draft


@EXAMPLES
@example(chosen=["premises", "prices"], note=" Prices are now open for dialogue. ")
@given(
    chosen=st.lists(
        st.one_of(st.sampled_from(["prices", "premises", "cited", "elsewhere"]), ID_FIELD),
        max_size=4,
    ),
    note=TEXT,
)
def test_engagement_version_issue_form(
    client, insights, commissioner, chosen: list[str], note: str
) -> None:
    """Version 2 is issued with the change note and the insights chosen after it, each
    marked as acted on; or it is refused with no version and no insight marked: none
    chosen, one acted on before or of another engagement, one chosen twice (no browser
    sends that), or no note."""
    engagement = insights["prices"].engagement
    specification = engagement.commission.specification
    specification.versions.filter(number__gt=1).delete()
    MarketInsight.objects.filter(engagement=engagement).exclude(pk=insights["cited"].pk).update(
        cited_in_version=None
    )
    before = dict(MarketInsight.objects.values_list("pk", "cited_in_version"))
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_version_issue", args=[engagement.pk]),
        {
            "insights": [as_posted(insights, name) for name in chosen],
            "change_note": note,
        },
    )
    chosen = [name_of(insights, name) for name in chosen]
    issued = specification.versions.filter(number__gt=1)
    wrong = (
        not chosen
        or not set(chosen) <= {"prices", "premises"}
        or len(set(chosen)) < len(chosen)
        or not note.strip()
        or "\x00" in note
    )
    assert refused(response) == wrong
    if wrong:
        assert not issued.exists()
        assert dict(MarketInsight.objects.values_list("pk", "cited_in_version")) == before
        return
    version = issued.get()
    acted_on = sorted((insights[name] for name in chosen), key=lambda insight: insight.pk)
    assert version.number == 2
    assert version.change_note == engagement_services.change_note_with_feedback(note, acted_on)
    assert dict(MarketInsight.objects.values_list("pk", "cited_in_version")) == before | {
        insight.pk: version.pk for insight in acted_on
    }


# --- Clarification questions: the buyer's answer --------------------------------------------
@pytest.fixture
def asked(council, commissioner, supplier_org, supplier_user) -> Clarification:
    """A supplier's question about an open tender, awaiting the buyer's answer."""
    tender = PublishedTenderFactory(organisation=council, created_by=commissioner)
    return clarification_services.clarification_ask(
        tender=tender, supplier=supplier_org, question="Is TUPE likely to apply?", by=supplier_user
    )


@EXAMPLES
@example(visibility="publish", answer=" Yes, for two staff. ", question="", reason="")
@example(visibility="private", answer="Yes.", question="", reason=" Names their staff. ")
@given(
    visibility=st.one_of(st.sampled_from(["publish", "private"]), ANY_TEXT),
    answer=TEXT,
    question=st.one_of(st.just(""), TEXT),
    reason=st.one_of(st.just(""), TEXT),
)
def test_clarification_answer_form(
    client, asked, commissioner, visibility: str, answer: str, question: str, reason: str
) -> None:
    """Answered to all under the next number in the log (the question as asked, or as
    reworded), or privately with the reason, or refused exactly when the form's rules say,
    still awaiting an answer with nothing of the answer kept."""
    clarifications = Clarification.objects.filter(pk=asked.pk)
    awaiting = {
        "status": ClarificationStatus.AWAITING_ANSWER,
        "published_question": "",
        "answer": "",
        "private_reason": "",
        "answered_by": None,
        "log_number": None,
    }
    clarifications.update(**awaiting, answered_at=None)
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:clarification_answer", args=[asked.pk]),
        {
            "visibility": visibility,
            "answer": answer,
            "published_question": question,
            "private_reason": reason,
        },
    )
    publish = visibility == "publish"
    wrong = (
        visibility not in {"publish", "private"}
        or not answer.strip()
        or len(answer.strip()) > 10_000
        or len(question.strip()) > 2_000
        or "\x00" in answer + question + reason
        or (not publish and not reason.strip())
    )
    assert refused(response) == wrong
    answered = {"answer": answer.strip(), "answered_by": commissioner.pk}
    if publish:
        answered |= {
            "status": ClarificationStatus.PUBLISHED,
            "published_question": question.strip() or asked.question,
            "log_number": 1,
        }
    else:
        answered |= {
            "status": ClarificationStatus.ANSWERED_PRIVATELY,
            "private_reason": reason.strip(),
        }
    assert clarifications.values(*awaiting).get() == (awaiting if wrong else awaiting | answered)
