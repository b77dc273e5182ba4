"""Demo records for the supplier portal: every public tender findable, a saved search, and
a competitive flexible tender in the middle of its dialogue with the market."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from commissioning.models import (
    Commission,
    CommissionStatus,
    Mission,
    Requirement,
    RequirementKind,
    SectionKind,
    Specification,
    SpecificationSection,
)
from commissioning.specifications import services as specification_services
from dialogue.clarifications import demo as clarifications_demo
from dialogue.models import SavedSearch
from dialogue.participation import demo as participation_demo
from dialogue.rounds import demo as rounds_demo
from dialogue.services import opportunity_index_sync
from procurement import conditions_demo
from procurement.demo import top_criteria
from procurement.models import (
    Procedure,
    Tender,
    TenderParticipant,
    TenderQuestion,
    TenderStatus,
)
from procurement.services import participant_join

SAVED_SEARCH_NAME = "Food projects for small organisations"
COMMISSIONER = "commissioner@northbridge.example"
DIALOGUE_REFERENCE = "NBC-2026-0103"
DIALOGUE_TITLE = "Shared meals and grocery delivery for housebound residents"
DIALOGUE_SUMMARY = (
    "Bring good food and company to people who cannot easily leave home: grocery delivery, "
    "shared meals in community venues and transport to them. We want to design the service "
    "with providers before final bids."
)
PARTICIPANTS = [
    "micro@nibandnettle.example",
    "charity@youngfutures.example",
    "social@commontable.example",
    "large@amberline.example",
]
SECTIONS = [
    (
        SectionKind.BACKGROUND,
        "Background",
        "About 1,400 residents in Northbridge are housebound or rarely leave home. Many eat "
        "alone and eat badly. Residents told us they want company as much as food.",
    ),
    (
        SectionKind.REQUIREMENTS,
        "Requirements",
        "What the service must do, and what we want to shape with providers in dialogue.",
    ),
]
REQUIREMENTS = [
    (RequirementKind.NON_NEGOTIABLE, "Every delivery meets food hygiene rating 5 standards."),
    (RequirementKind.NON_NEGOTIABLE, "Staff and volunteers who visit homes are DBS checked."),
    (
        RequirementKind.OPEN_FOR_DIALOGUE,
        "How shared meals and deliveries are split between venues and homes.",
    ),
    (
        RequirementKind.OPEN_FOR_DIALOGUE,
        "How transport to shared meals is arranged for people who use wheelchairs.",
    ),
    (RequirementKind.OPEN_FOR_DIALOGUE, "How residents help plan menus and choose venues."),
]


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Index the demo tenders, give the micro-business supplier a saved search, and set up
    a tender in dialogue with its participants."""
    lines = _dialogue_tender(council=council, people=people)
    indexed = opportunity_index_sync()
    lines.insert(0, f"Opportunity search: {indexed} tender(s) indexed")
    supplier = people.get("micro@nibandnettle.example")
    organisation = Organisation.objects.filter(slug="nib-and-nettle").first()
    if supplier is not None and organisation is not None:
        SavedSearch.objects.update_or_create(
            user=supplier,
            name=SAVED_SEARCH_NAME,
            defaults={"organisation": organisation, "query_string": "q=food&small=on"},
        )
        lines.append(f"Saved search “{SAVED_SEARCH_NAME}” for {supplier.email}")
    return lines


def _dialogue_tender(*, council: Organisation, people: dict[str, User]) -> list[str]:
    commissioner = people.get(COMMISSIONER)
    if commissioner is None:
        return []
    tender = _tender(council=council, commissioner=commissioner)
    for email in PARTICIPANTS:
        person = people.get(email)
        if person is None:
            continue
        supplier = person.memberships.select_related("organisation").first().organisation
        if not TenderParticipant.objects.filter(tender=tender, supplier=supplier).exists():
            participant_join(tender=tender, supplier=supplier, by=person)
    lines = [
        f"Tender {tender.reference} is in dialogue with "
        f"{tender.participants.count()} participating suppliers."
    ]
    # Questions first (while everyone takes part), then the rounds, then the withdrawal
    # that happens during round 2.
    lines += clarifications_demo.load(tender=tender, people=people)
    # The council checks the conditions of participation before the rounds begin.
    lines += conditions_demo.load(tender=tender, people=people)
    lines += rounds_demo.load(tender=tender, people=people)
    lines += participation_demo.load(tender=tender, people=people)
    return lines


def _tender(*, council: Organisation, commissioner: User) -> Tender:
    """The commission, its specification (version 1) and the competitive flexible tender."""
    commission, _ = Commission.objects.update_or_create(
        organisation=council,
        title=DIALOGUE_TITLE,
        defaults={
            "summary": DIALOGUE_SUMMARY,
            "owner": commissioner,
            "spend_category": "Food and nutrition",
            "budget_min": Decimal("300000"),
            "budget_max": Decimal("450000"),
        },
    )
    # A past state set directly: where publishing the tender below would have left it.
    Commission.objects.filter(pk=commission.pk).update(status=CommissionStatus.IN_PROCUREMENT)
    mission = Mission.objects.filter(organisation=council, title__icontains="eats well").first()
    if mission is not None:
        commission.missions.add(mission)
    specification, _ = Specification.objects.get_or_create(
        commission=commission, defaults={"title": f"{DIALOGUE_TITLE}: specification"}
    )
    sections = {}
    for position, (kind, heading, body) in enumerate(SECTIONS):
        sections[kind], _ = SpecificationSection.objects.update_or_create(
            specification=specification,
            kind=kind,
            defaults={"heading": heading, "body": body, "position": position},
        )
    for position, (kind, text) in enumerate(REQUIREMENTS, start=1):
        Requirement.objects.update_or_create(
            section=sections[SectionKind.REQUIREMENTS],
            position=position,
            defaults={"kind": kind, "text": text},
        )
    version = specification.versions.filter(number=1).first()
    if version is None:
        version = specification_services.specification_version_issue(
            specification=specification,
            change_note="First version for the market, before dialogue.",
            by=commissioner,
        )
    now = timezone.now()
    tender, created = Tender.objects.get_or_create(
        reference=DIALOGUE_REFERENCE,
        defaults={
            "organisation": council,
            "commission": commission,
            "specification_version": version,
            "title": DIALOGUE_TITLE,
            "summary": DIALOGUE_SUMMARY,
            "procedure": Procedure.COMPETITIVE_FLEXIBLE,
            "estimated_value": Decimal("420000"),
            "clarification_deadline": now + datetime.timedelta(days=14),
            "submission_deadline": now + datetime.timedelta(days=45),
            "created_by": commissioner,
        },
    )
    if created:
        Tender.objects.filter(pk=tender.pk).update(
            status=TenderStatus.DIALOGUE, published_at=now - datetime.timedelta(days=10)
        )
        tender.refresh_from_db()
    conditions_demo.conditions_set(tender)
    top = top_criteria(tender, quality=50, social_value=30, price=20)
    TenderQuestion.objects.update_or_create(
        tender=tender,
        position=1,
        defaults={
            "text": "How will residents help shape menus, venues and visits?",
            "word_limit": 500,
            "criterion": top["quality"],
        },
    )
    return tender
