"""Demo: the community food hubs specification, drafted in full and issued twice.

home/demo_data.py makes the specification with three sections and issues version 1.
This loader fills in all seven sections, typed requirements, the outcomes sought and a
couple of comments, then issues version 2 after market feedback. Every record is found
by a natural key, so loading twice changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from commissioning.models import (
    Commission,
    Indicator,
    Outcome,
    Requirement,
    RequirementKind,
    SectionComment,
    SectionKind,
    Specification,
    SpecificationSection,
)
from commissioning.specifications import services

FOOD_COMMISSION = "Community food hubs on the Kestrel and Brookside estates"
SPEC_TITLE = "Community food hubs: outcome-based specification"

SECTIONS: list[tuple[str, str, str]] = [
    (
        SectionKind.BACKGROUND,
        "Background",
        "Families on the Kestrel and Brookside estates tell us that fresh food is hard to find "
        "and costs too much. The nearest large shop is two bus rides away. Many older people "
        "eat alone most days.\n\nWe want community food hubs that residents help to run.",
    ),
    (
        SectionKind.OUTCOMES,
        "The outcomes sought",
        "We will judge the hubs by the difference they make, not by how busy they are. "
        "These are the outcomes we want to see.",
    ),
    (
        SectionKind.REQUIREMENTS,
        "Requirements",
        "Some requirements are fixed. Others we want to shape with you. Each one says which.",
    ),
    (
        SectionKind.QUESTIONS,
        "Questions to the market",
        "How could residents share in running the hubs?\n"
        "What would help small local groups bid, alone or together?\n"
        "How would you reach families who do not use services now?",
    ),
    (
        SectionKind.CONSTRAINTS,
        "Constraints",
        "The hubs must use the two community centres the council owns on the estates. "
        "The centres are free to use, but opening hours are limited on Sundays.",
    ),
    (
        SectionKind.BUDGET,
        "Budget",
        "Up to £240,000 over three years. We will pay a fixed amount each quarter, and part "
        "of the final year depends on the outcomes.",
    ),
    (
        SectionKind.TIMELINE,
        "Timeline",
        "Market engagement in January. Tender opens in March. The first hub opens in "
        "September, the second by January.",
    ),
]

REQUIREMENTS: list[tuple[str, str]] = [
    (
        RequirementKind.NON_NEGOTIABLE,
        "Hubs open at least five days a week, including one evening.",
    ),
    (
        RequirementKind.NON_NEGOTIABLE,
        "Everyone who works in the hubs is paid at least the Real Living Wage.",
    ),
    (
        RequirementKind.OPEN_FOR_DIALOGUE,
        "How residents share in running the hubs, and how decisions are made.",
    ),
    (
        RequirementKind.OPEN_FOR_DIALOGUE,
        "How prices are set so families on low incomes can afford a weekly shop.",
    ),
    (
        RequirementKind.PREFERENCE,
        "Food that would otherwise be wasted is used where it is safe to do so.",
    ),
]

# Used only when the missions have no outcomes framework yet.
FALLBACK_OUTCOMES: list[tuple[str, str, str, Decimal, Decimal]] = [
    (
        "More families on the estates eat fresh fruit and vegetables every day",
        "Families who eat five portions a day",
        "%",
        Decimal("31"),
        Decimal("45"),
    ),
    (
        "Fewer older people eat alone",
        "Older residents who share a meal each week",
        "%",
        Decimal("18"),
        Decimal("35"),
    ),
]

COMMENTS: list[tuple[str, str, bool]] = [
    (
        "evaluator@northbridge.example",
        "Can we say how we will measure “eat well”? Bidders will ask.",
        True,
    ),
    (
        "admin@northbridge.example",
        "Check the Sunday opening hours with the community centre managers.",
        False,
    ),
]

V2_NOTE = (
    "Market feedback from the January engagement event: small providers asked us to fix the "
    "Real Living Wage as a requirement and to leave room to agree prices with them, so we "
    "split the requirements into what is fixed and what is open for dialogue, and moved the "
    "second hub's opening to January."
)


def _outcomes_for(commission: Commission) -> list[Outcome]:
    outcomes = list(
        Outcome.objects.filter(mission__commissions=commission).distinct().order_by("pk")[:3]
    )
    if outcomes:
        return outcomes
    mission = commission.missions.order_by("pk").first()
    if mission is None:
        return []
    for position, (title, name, unit, baseline, target) in enumerate(FALLBACK_OUTCOMES):
        outcome, _ = Outcome.objects.get_or_create(
            mission=mission, title=title, defaults={"position": position}
        )
        Indicator.objects.get_or_create(
            outcome=outcome,
            name=name,
            defaults={"unit": unit, "baseline_value": baseline, "target_value": target},
        )
        outcomes.append(outcome)
    return outcomes


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Fill in the food hubs specification and issue version 2 once."""
    commission = Commission.objects.filter(organisation=council, title=FOOD_COMMISSION).first()
    if commission is None:
        return []
    commissioner = people["commissioner@northbridge.example"]
    specification, _ = Specification.objects.get_or_create(
        commission=commission, defaults={"title": SPEC_TITLE}
    )
    if not specification.versions.filter(number=1).exists():
        # Version 1 normally comes from the core demo; issue it here if that did not run.
        services.specification_version_issue(
            specification=specification,
            change_note="First version for the market.",
            by=commissioner,
        )

    sections: dict[str, SpecificationSection] = {}
    for position, (kind, heading, body) in enumerate(SECTIONS):
        sections[kind], _ = SpecificationSection.objects.update_or_create(
            specification=specification,
            kind=kind,
            defaults={
                "heading": heading,
                "body": body,
                "position": position,
                "updated_by": commissioner,
            },
        )
    for position, (kind, text) in enumerate(REQUIREMENTS, start=1):
        Requirement.objects.update_or_create(
            section=sections[SectionKind.REQUIREMENTS],
            position=position,
            defaults={"kind": kind, "text": text},
        )
    outcomes = _outcomes_for(commission)
    sections[SectionKind.OUTCOMES].outcomes.set(outcomes)

    for email, body, resolved in COMMENTS:
        comment, _ = SectionComment.objects.get_or_create(
            section=sections[SectionKind.BACKGROUND if resolved else SectionKind.CONSTRAINTS],
            body=body,
            defaults={"author": people.get(email)},
        )
        if resolved and comment.resolved_at is None:
            comment.resolved_at = timezone.now()
            comment.resolved_by = commissioner
            comment.save(update_fields=["resolved_at", "resolved_by"])

    if not specification.versions.filter(number=2).exists():
        services.specification_version_issue(
            specification=specification, change_note=V2_NOTE, by=commissioner
        )
    return [
        f"Specification “{specification.title}”: {len(SECTIONS)} sections, "
        f"{len(REQUIREMENTS)} typed requirements, {len(outcomes)} outcomes sought, "
        f"{len(COMMENTS)} comments (one resolved), versions 1 and 2"
    ]
