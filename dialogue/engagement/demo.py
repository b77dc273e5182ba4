"""Demo: an open market engagement on the community food hubs commission.

Three questions tied to the specification (its two open-for-dialogue requirements and the
timeline), an event with 30 places and two sign-ups, two sent responses from small
suppliers and two tagged insights linked to the requirements they should change. The
insights are not cited yet, so the demo can issue a version that cites them.

Records are made through the services and found again by natural keys (the engagement's
title, the question text, the supplier, the insight text), so loading twice adds nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Membership, Organisation, OrganisationKind, User
from commissioning.models import (
    Commission,
    Requirement,
    RequirementKind,
    SectionKind,
    SpecificationSection,
)
from dialogue.engagement import services
from dialogue.models import EngagementAnswer, EngagementResponse, EngagementStatus, MarketEngagement

FOOD_COMMISSION = "Community food hubs on the Kestrel and Brookside estates"
COMMISSIONER = "commissioner@northbridge.example"
TITLE = "Community food hubs: tell us what would work"
BRIEF = (
    "We want to open two community food hubs on the Kestrel and Brookside estates, run "
    "with residents. Before we write the tender we want to hear from you: what would make "
    "the hubs work, what would help small local groups bid, and what we should not ask for."
    "\n\nCome to our event at the Kestrel Community Centre, or answer the questions online."
)
EVENT_LOCATION = "Kestrel Community Centre, 4 Wren Walk, Northbridge NB4 2KS"
EVENT_CAPACITY = 30

# (question, guidance, what it links to: "open:<n>" for the n-th open requirement, or a section kind)
QUESTIONS: list[tuple[str, str, str]] = [
    (
        "How could residents share in running the hubs?",
        "Tell us what has worked elsewhere, and what has not.",
        "open:0",
    ),
    (
        "How should prices be set so that families on low incomes can afford a weekly shop?",
        "",
        "open:1",
    ),
    (
        "Is our timeline realistic for opening the first hub in September?",
        "",
        SectionKind.TIMELINE,
    ),
]

RESPONSES: dict[str, list[str]] = {
    "micro@nibandnettle.example": [
        "Give each hub a residents' panel that meets monthly and sets the opening hours. "
        "We run our café this way and it keeps regulars coming back.",
        "A fixed weekly basket price, agreed with the panel each season, with a pay-it-forward "
        "shelf for families who cannot pay that week.",
        "September is tight for a new provider. Fitting out the kitchen takes eight weeks "
        "after the contract starts.",
    ],
    "social@commontable.example": [
        "Pay residents for the hours they give on the panel. Unpaid panels end up run by the "
        "same three people.",
        "Let prices be agreed with us after the award. A price fixed now will be wrong by "
        "the time the hub opens.",
        "The first hub could open in September if the council fits out the kitchen.",
    ],
}

# (text, tags, open requirement index, [(supplier email, question index) answers it draws on])
INSIGHTS: list[tuple[str, str, int, list[tuple[str, int]]]] = [
    (
        "Residents should help run the hubs through a panel that is paid for its time.",
        "governance, residents",
        0,
        [("micro@nibandnettle.example", 0), ("social@commontable.example", 0)],
    ),
    (
        "Agree the weekly basket price with the provider and residents after the award, "
        "not in the tender.",
        "pricing, low income",
        1,
        [("micro@nibandnettle.example", 1), ("social@commontable.example", 1)],
    ),
]


def _commission(council: Organisation) -> Commission | None:
    """The food hubs commission, or any commission whose specification has requirements
    open for dialogue."""
    with_open_items = Commission.objects.filter(
        organisation=council,
        specification__sections__requirements__kind=RequirementKind.OPEN_FOR_DIALOGUE,
    ).distinct()
    return (
        with_open_items.filter(title=FOOD_COMMISSION).first()
        or with_open_items.order_by("pk").first()
    )


def _supplier_of(person: User) -> Organisation | None:
    membership = (
        Membership.objects.filter(user=person, organisation__kind=OrganisationKind.SUPPLIER)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


def _link(commission: Commission, key: str, open_items: list[Requirement]) -> dict[str, object]:
    if key.startswith("open:"):
        index = int(key.partition(":")[2])
        return {"requirement": open_items[index]} if index < len(open_items) else {}
    section = SpecificationSection.objects.filter(
        specification__commission=commission, kind=key
    ).first()
    return {"section": section} if section else {}


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Create the open food hubs market engagement once; returns a short summary."""
    commission = _commission(council)
    commissioner = people.get(COMMISSIONER)
    if commission is None or commissioner is None:
        return []
    open_items = list(
        Requirement.objects.filter(
            section__specification__commission=commission,
            kind=RequirementKind.OPEN_FOR_DIALOGUE,
        ).order_by("section__position", "position", "pk")
    )
    now = timezone.now()

    engagement = MarketEngagement.objects.filter(commission=commission, title=TITLE).first()
    if engagement is None:
        engagement = services.engagement_create(
            commission=commission,
            by=commissioner,
            title=TITLE,
            brief=BRIEF,
            response_deadline=(now + datetime.timedelta(days=21)).replace(
                hour=12, minute=0, second=0, microsecond=0
            ),
            event_starts_at=(now + datetime.timedelta(days=10)).replace(
                hour=18, minute=0, second=0, microsecond=0
            ),
            event_location=EVENT_LOCATION,
            event_capacity=EVENT_CAPACITY,
        )
    if engagement.status == EngagementStatus.DRAFT:
        asked = set(engagement.questions.values_list("text", flat=True))
        for text, guidance, key in QUESTIONS:
            if text not in asked:
                services.question_add(
                    engagement=engagement,
                    by=commissioner,
                    text=text,
                    guidance=guidance,
                    **_link(commission, key, open_items),
                )
        engagement = services.engagement_open(engagement=engagement, by=commissioner)

    questions = list(engagement.questions.order_by("position", "pk"))
    positions = {question.pk: index for index, question in enumerate(questions)}
    accepting = services.accepting_responses(engagement)
    answers_by: dict[tuple[str, int], EngagementAnswer] = {}
    for email, texts in RESPONSES.items():
        person, supplier = people.get(email), None
        if person is not None:
            supplier = _supplier_of(person)
        if person is None or supplier is None:
            continue
        upcoming = engagement.event_starts_at and engagement.event_starts_at > timezone.now()
        if accepting and upcoming and not engagement.signups.filter(user=person).exists():
            services.event_signup(engagement=engagement, supplier=supplier, by=person)
        response = EngagementResponse.objects.filter(
            engagement=engagement, supplier=supplier
        ).first()
        if accepting and (response is None or response.submitted_at is None):
            response = services.response_save_answers(
                engagement=engagement,
                supplier=supplier,
                answers={
                    question.pk: text for question, text in zip(questions, texts, strict=False)
                },
                by=person,
            )
            response = services.response_submit(response=response, by=person)
        if response is not None and response.submitted_at is not None:
            for answer in response.answers.all():
                if answer.question_id in positions:
                    answers_by[(email, positions[answer.question_id])] = answer

    recorded = set(engagement.insights.values_list("text", flat=True))
    for text, tags, open_index, sources in INSIGHTS:
        if text in recorded:
            continue
        services.insight_add(
            engagement=engagement,
            by=commissioner,
            text=text,
            tags=tags,
            answers=[answers_by[source] for source in sources if source in answers_by],
            requirement=open_items[open_index] if open_index < len(open_items) else None,
        )

    sent = engagement.responses.filter(submitted_at__isnull=False).count()
    return [
        f"Market engagement “{engagement.title}”: {len(questions)} questions, "
        f"an event with {engagement.event_capacity} places and {engagement.signups.count()} "
        f"sign-ups, {sent} responses sent, {engagement.insights.count()} tagged insights"
    ]
