"""Demo: the tender in dialogue (NBC-2026-0103) has three conditions of participation.
The suppliers answered them when they joined; the council passed the three local
suppliers and failed Amberline Services, which had no recent experience of delivering
food to people at home. Answers and decisions are made through the services, once."""

from __future__ import annotations

from accounts.models import User
from procurement import conditions
from procurement.models import ConditionKind, ParticipationCondition, Tender, TenderParticipant

COMMISSIONER = "commissioner@northbridge.example"
CONDITIONS = [
    (
        ConditionKind.LEGAL,
        "Are you registered as a food business with your local council?",
        "Yes, with the name of the council you are registered with.",
    ),
    (
        ConditionKind.FINANCIAL,
        "Do you hold public liability insurance of at least £2 million, or will you by the "
        "start of the contract?",
        "Yes. We do not ask for accounts or a minimum turnover.",
    ),
    (
        ConditionKind.TECHNICAL,
        "Tell us about one time in the last three years when you delivered food or meals "
        "to people in their homes or in community venues.",
        "One example, of any size, with when and for whom. Volunteer-led work counts.",
    ),
]
ANSWERS = {
    "micro@nibandnettle.example": [
        "Yes, with Northbridge Council since 2019.",
        "Yes, £5 million with our kitchen insurer.",
        "Since 2022 we have cooked 60 meals a week for the Castle ward lunch club.",
    ],
    "charity@youngfutures.example": [
        "Yes, with Northbridge Council for our youth café.",
        "Yes, £2 million.",
        "Our youth café delivered food parcels to 40 families during the 2023 winter.",
    ],
    "social@commontable.example": [
        "Yes, with Northbridge Council for our three food hubs.",
        "Yes, £5 million.",
        "We run shared meals in three community venues every week, for about 300 people.",
    ],
    "large@amberline.example": [
        "Yes, with Manchester City Council.",
        "Yes, £10 million.",
        "We run staff restaurants for offices and hospitals across the country.",
    ],
}
DECISIONS = {
    "micro@nibandnettle.example": (True, "Registered, insured, and runs a weekly lunch club."),
    "charity@youngfutures.example": (True, "Registered, insured, and has delivered food parcels."),
    "social@commontable.example": (True, "Registered, insured, and runs weekly shared meals."),
    "large@amberline.example": (
        False,
        "Your example is of staff restaurants. It does not show delivering food or meals to "
        "people at home or in community venues, which the third condition asks for.",
    ),
}


def conditions_set(tender: Tender) -> None:
    """The conditions as the council set them while the tender was a draft (the demo
    tender is put straight into dialogue, so they are written directly)."""
    for position, (kind, question, pass_description) in enumerate(CONDITIONS, start=1):
        ParticipationCondition.objects.update_or_create(
            tender=tender,
            position=position,
            defaults={"kind": kind, "question": question, "pass_description": pass_description},
        )


def load(*, tender: Tender, people: dict[str, User]) -> list[str]:
    commissioner = people.get(COMMISSIONER)
    if commissioner is None:
        return []
    ordered = conditions.conditions_for(tender)
    lines: list[str] = []
    for email, texts in ANSWERS.items():
        person = people.get(email)
        if person is None:
            continue
        participant = (
            TenderParticipant.objects.filter(tender=tender, supplier__memberships__user=person)
            .select_related("supplier")
            .first()
        )
        if participant is None:
            continue
        if participant.conditions_answered_at is None and participant.is_in_process:
            conditions.conditions_answer(
                participant=participant,
                answers={
                    condition.pk: text for condition, text in zip(ordered, texts, strict=True)
                },
                by=person,
            )
            participant.refresh_from_db()
        passed, reason = DECISIONS[email]
        if not participant.conditions_assessed and participant.is_in_process:
            conditions.conditions_assess(
                tender=tender,
                participant=participant,
                passed=passed,
                reason=reason,
                by=commissioner,
            )
            participant.refresh_from_db()
        if participant.conditions_assessed:
            outcome = "passed" if participant.conditions_passed else "failed"
            lines.append(f"Conditions of participation: {participant.supplier} {outcome}")
    return lines
