"""Demo records for dialogue rounds: on the demo tender in dialogue, round 1 closed (an
outline and private feedback from each participant, a summary, and specification
version 2 citing what was learned) and round 2 open with three meeting slots, one booked.

Everything is created through the services, as people would; only round 1's dates are
moved into the past afterwards, since the services rightly refuse past deadlines.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Organisation, User
from commissioning.models import RequirementKind
from commissioning.specifications.services import requirement_add
from dialogue.models import DialogueRound
from dialogue.rounds import services
from procurement.models import Tender, TenderStatus
from procurement.selectors import participants_in_process

COMMISSIONER = "commissioner@northbridge.example"
BIDDERS = [
    "micro@nibandnettle.example",
    "charity@youngfutures.example",
    "social@commontable.example",
]
OUTLINES = {
    "micro@nibandnettle.example": (
        "We cook in our café kitchen and deliver by cargo bike within two miles. Shared "
        "lunches run twice a week in the café. We would partner with a community transport "
        "scheme for residents who use wheelchairs."
    ),
    "charity@youngfutures.example": (
        "Young volunteers deliver groceries and stay for a cup of tea. We train every "
        "volunteer in safeguarding and food hygiene. We cannot provide transport ourselves."
    ),
    "social@commontable.example": (
        "Three shared-meal venues in church halls and a community centre, with a "
        "wheelchair-accessible minibus on a fixed loop, booked by phone the day before."
    ),
}
FEEDBACK = {
    "micro@nibandnettle.example": (
        "Your café model is close to what residents asked for. Say how you would cover "
        "more than two miles and how the transport partnership would be agreed."
    ),
    "charity@youngfutures.example": (
        "The visits are a real strength. As transport is now part of the service, tell us "
        "who you would partner with for it."
    ),
    "social@commontable.example": (
        "The minibus loop answers the transport question well. Tell us how residents "
        "would help choose the venues and menus."
    ),
}
SUMMARY = (
    "Thank you to everyone who met us. Every bidder told us that transport decides who "
    "can come to shared meals, and that residents who use wheelchairs are left out today. "
    "We have made accessible transport part of the service in version 2 of the "
    "specification. Round 2 looks at how residents help plan menus and choose venues."
)
CHANGE_NOTE = (
    "After dialogue round 1: bidders told us transport decides who can come to shared "
    "meals, so accessible transport to them is now a requirement."
)
NEW_REQUIREMENT = (
    "Provide wheelchair-accessible transport to shared meals, booked by phone or online."
)


def load(*, tender: Tender, people: dict[str, User]) -> list[str]:
    """Add the two demo rounds to the demo tender in dialogue, once."""
    commissioner = people.get(COMMISSIONER)
    if commissioner is None or tender.status != TenderStatus.DIALOGUE:
        return []
    bidders = _bidders(tender, people)
    if not bidders:
        return []
    lines = []
    if not tender.dialogue_rounds.filter(number=1).exists():
        first = _round_one(tender=tender, commissioner=commissioner, bidders=bidders)
        lines.append(
            f"Dialogue round 1 on {tender.reference} closed, issuing specification version "
            f"{first.issued_version.number}"
        )
    if not tender.dialogue_rounds.filter(number=2).exists():
        tender.refresh_from_db()
        _round_two(tender=tender, commissioner=commissioner, bidders=bidders)
        lines.append(f"Dialogue round 2 on {tender.reference} open with 3 meeting slots, 1 booked")
    return lines


def _bidders(tender: Tender, people: dict[str, User]) -> list[tuple[str, User, Organisation]]:
    """The demo suppliers still taking part, with the person who acts for each."""
    active = set(participants_in_process(tender).values_list("supplier_id", flat=True))
    found = []
    for email in BIDDERS:
        person = people.get(email)
        if person is None:
            continue
        membership = person.memberships.select_related("organisation").first()
        if membership is not None and membership.organisation_id in active:
            found.append((email, person, membership.organisation))
    return found


def _round_one(
    *, tender: Tender, commissioner: User, bidders: list[tuple[str, User, Organisation]]
) -> DialogueRound:
    today = timezone.localdate()
    topics = list(services.open_topics_for(tender))
    dialogue_round = services.round_create(
        tender=tender,
        title="Delivery models and transport",
        agenda=(
            "How shared meals and deliveries are split between venues and homes, and how "
            "people get to shared meals."
        ),
        topics=topics[:2],
        meetings_from=today - datetime.timedelta(days=14),
        meetings_to=today - datetime.timedelta(days=12),
        outline_deadline=timezone.now() + datetime.timedelta(hours=1),
        outline_word_limit=500,
        by=commissioner,
    )
    services.round_open(dialogue_round=dialogue_round, by=commissioner)
    for email, person, supplier in bidders:
        services.outline_submit(
            dialogue_round=dialogue_round, supplier=supplier, text=OUTLINES[email], by=person
        )
        services.feedback_write(
            dialogue_round=dialogue_round, supplier=supplier, body=FEEDBACK[email], by=commissioner
        )
    section = topics[0].section if topics else None
    if section is not None and not section.requirements.filter(text=NEW_REQUIREMENT).exists():
        requirement_add(
            section=section,
            kind=RequirementKind.NON_NEGOTIABLE,
            text=NEW_REQUIREMENT,
            by=commissioner,
        )
    closed = services.round_close(
        dialogue_round=dialogue_round,
        summary=SUMMARY,
        issue_version=True,
        change_note=CHANGE_NOTE,
        by=commissioner,
    )
    # The round happened two weeks ago: move its dates into the past, as they were.
    past = timezone.now() - datetime.timedelta(days=10)
    DialogueRound.objects.filter(pk=closed.pk).update(
        outline_deadline=past,
        opened_at=past - datetime.timedelta(days=7),
        closed_at=past + datetime.timedelta(days=2),
    )
    return closed


def _round_two(
    *, tender: Tender, commissioner: User, bidders: list[tuple[str, User, Organisation]]
) -> DialogueRound:
    today = timezone.localdate()
    topics = list(services.open_topics_for(tender))
    dialogue_round = services.round_create(
        tender=tender,
        title="Residents shaping menus and venues",
        agenda="How residents help plan menus, choose venues and judge how the service is going.",
        topics=topics[2:3] or topics[:1],
        meetings_from=today + datetime.timedelta(days=7),
        meetings_to=today + datetime.timedelta(days=9),
        outline_deadline=timezone.now() + datetime.timedelta(days=14),
        outline_word_limit=500,
        by=commissioner,
    )
    slots = []
    for days, hour in ((7, 10), (8, 14), (9, 11)):
        starts = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour))
        )
        slots.append(
            services.slot_add(
                dialogue_round=dialogue_round,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1),
                location="Committee Room 1, Northbridge Town Hall",
                by=commissioner,
            )
        )
    dialogue_round = services.round_open(dialogue_round=dialogue_round, by=commissioner)
    _, person, supplier = bidders[0]
    services.slot_book(slot=slots[0], supplier=supplier, by=person)
    return dialogue_round
