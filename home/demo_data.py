"""The Northbridge Council demo: a council, a partner, suppliers of every kind, and work
at each stage of the commissioning cycle. Every record is found by a natural key first,
so loading twice changes nothing."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Membership, Organisation, OrganisationKind, Role, SupplierType, User
from commissioning.models import (
    Commission,
    CommissionStatus,
    Mission,
    Need,
    Place,
    PlaceKind,
    SectionKind,
    Specification,
    SpecificationSection,
    SpecificationVersion,
)
from contracts.models import Contract, ContractKind, ContractStatus
from procurement.models import (
    Bid,
    BidAnswer,
    BidStatus,
    Procedure,
    Tender,
    TenderQuestion,
    TenderStatus,
)

# The council's registered postcode sets its postcode area (NB), which the mission page's
# "who bids and who wins" uses to count local suppliers (home/missions.py LocalRule).
COUNCIL = {"slug": "northbridge", "name": "Northbridge Council", "postcode": "NB1 1AA"}
PARTNER = {"slug": "northbridge-health", "name": "Northbridge Health and Care Partnership"}
SUPPLIERS = [
    {
        "slug": "nib-and-nettle",
        "name": "Nib & Nettle Kitchen",
        "supplier_type": SupplierType.MICRO,
        "staff_count": 6,
        "postcode": "NB2 4QT",
        "company_number": "12345678",
        "living_wage_accredited": True,
        "description": "A small kitchen that cooks with surplus food and runs cookery classes.",
    },
    {
        "slug": "young-futures",
        "name": "Northbridge Young Futures",
        "supplier_type": SupplierType.CHARITY,
        "staff_count": 24,
        "postcode": "NB1 7HD",
        "places_served": "Hollowgate ward and Castle ward",
        "charity_number": "1187654",
        "living_wage_accredited": True,
        "description": "A local charity that mentors young people into work and training.",
    },
    {
        "slug": "common-table",
        "name": "Common Table CIC",
        "supplier_type": SupplierType.SOCIAL_ENTERPRISE,
        "staff_count": 15,
        "postcode": "NB3 2LP",
        "places_served": "Riverside ward, Brookside estate",
        "company_number": "09876543",
        "description": "A community interest company running food hubs and shared meals.",
    },
    {
        "slug": "amberline",
        "name": "Amberline Services plc",
        "supplier_type": SupplierType.LARGE,
        "staff_count": 4200,
        "postcode": "M1 1AA",
        "company_number": "01234567",
        "description": "A national facilities and catering company.",
    },
]

PEOPLE = [
    ("admin@northbridge.example", "Aisha Khan", COUNCIL["slug"], Role.ADMIN),
    ("commissioner@northbridge.example", "Tom Okafor", COUNCIL["slug"], Role.COMMISSIONER),
    ("evaluator@northbridge.example", "Priya Shah", COUNCIL["slug"], Role.EVALUATOR),
    ("evaluator2@northbridge.example", "Gareth Lewis", COUNCIL["slug"], Role.EVALUATOR),
    ("contracts@northbridge.example", "Mei Chen", COUNCIL["slug"], Role.CONTRACT_MANAGER),
    ("viewer@northbridge.example", "Colin Ward", COUNCIL["slug"], Role.VIEWER),
    ("partner@northbridge-health.example", "Rosa Alvarez", PARTNER["slug"], Role.COMMISSIONER),
    ("micro@nibandnettle.example", "Jo Baker", "nib-and-nettle", Role.SUPPLIER),
    ("charity@youngfutures.example", "Kwame Mensah", "young-futures", Role.SUPPLIER),
    ("social@commontable.example", "Ellie Hughes", "common-table", Role.SUPPLIER),
    ("large@amberline.example", "David Price", "amberline", Role.SUPPLIER),
]

MISSIONS = [
    (
        "Estates people are proud of",
        "By 2030, everyone lives in a safe, healthy home on an estate that its residents help to shape.",
    ),
    (
        "Everyone eats well",
        "By 2030, everyone in Northbridge eats well every day with nutritious, affordable, sustainable food.",
    ),
    (
        "Power that looks like Northbridge",
        "By 2030, the people in positions of power in Northbridge reflect the diversity of our community.",
    ),
    (
        "Young people's economic opportunity",
        "By 2030, every young person has access to good work or training that lets them be safe, secure and happy.",
    ),
]

PLACES = [
    ("Northbridge", PlaceKind.AUTHORITY, None),
    ("North Northbridge", PlaceKind.AREA, "Northbridge"),
    ("South Northbridge", PlaceKind.AREA, "Northbridge"),
    ("Castle ward", PlaceKind.WARD, "North Northbridge"),
    ("Millfield ward", PlaceKind.WARD, "North Northbridge"),
    ("Riverside ward", PlaceKind.WARD, "South Northbridge"),
    ("Hollowgate ward", PlaceKind.WARD, "South Northbridge"),
    ("Kestrel estate", PlaceKind.NEIGHBOURHOOD, "Castle ward"),
    ("Brookside estate", PlaceKind.NEIGHBOURHOOD, "Riverside ward"),
]

NEEDS = [
    (
        "Fresh food is hard to reach on the Kestrel estate",
        "The nearest shop selling fresh fruit and vegetables is a 25-minute walk away. "
        "Residents without a car rely on convenience stores.",
        "Families with children on the Kestrel estate",
        ["Everyone eats well", "Estates people are proud of"],
        ["Kestrel estate"],
    ),
    (
        "Older people eat alone and skip meals",
        "Lunch clubs closed during 2024 and have not reopened. Day centre staff report weight loss "
        "among regulars.",
        "People over 75 living alone",
        ["Everyone eats well"],
        ["Riverside ward", "Brookside estate"],
    ),
    (
        "School holidays bring hunger",
        "Schools report children arriving hungry after holidays; 38% of pupils in Castle ward are "
        "eligible for free school meals.",
        "Children eligible for free school meals",
        ["Everyone eats well", "Young people's economic opportunity"],
        ["Castle ward"],
    ),
    (
        "Young people leave school without a route into work",
        "One in eight 16 to 24 year olds in Hollowgate is not in education, employment or training.",
        "Young people aged 16 to 24",
        ["Young people's economic opportunity"],
        ["Hollowgate ward"],
    ),
    (
        "Damp and mould on the Brookside estate",
        "Repairs reports about damp doubled in two winters; residents say they are not listened to.",
        "Tenants on the Brookside estate",
        ["Estates people are proud of"],
        ["Brookside estate"],
    ),
    (
        "Residents' boards do not reflect who lives here",
        "Only 1 in 10 tenant board members is under 40, and few are from Black, Asian or other "
        "minority ethnic communities.",
        "Residents of council estates",
        ["Power that looks like Northbridge", "Estates people are proud of"],
        ["Kestrel estate", "Brookside estate"],
    ),
]

FOOD_SPEC_SECTIONS = [
    (
        SectionKind.BACKGROUND,
        "Background",
        "Families on the Kestrel and Brookside estates tell us that fresh food is hard to find "
        "and costs too much. We want community food hubs that residents help to run.",
    ),
    (
        SectionKind.OUTCOMES,
        "The outcomes sought",
        "More families on the two estates eat fresh fruit and vegetables every day.\n"
        "Fewer older people eat alone.\nResidents gain skills and paid work through the hubs.",
    ),
    (
        SectionKind.REQUIREMENTS,
        "Requirements",
        "Non-negotiable: hubs open at least five days a week, including one evening.\n"
        "Open for dialogue: how residents share in running the hubs.\n"
        "Preference: food that would otherwise be wasted is used where it is safe.",
    ),
]


def _password() -> str:
    return os.environ.get("DEMO_PASSWORD", "kindred-demo")


def _organisations() -> dict[str, Organisation]:
    organisations = {}
    for spec, kind in (
        (COUNCIL, OrganisationKind.PUBLIC_BODY),
        (PARTNER, OrganisationKind.PUBLIC_BODY),
    ):
        fields = {key: value for key, value in spec.items() if key != "slug"}
        organisations[spec["slug"]], _ = Organisation.objects.update_or_create(
            slug=spec["slug"], defaults={**fields, "kind": kind}
        )
    for spec in SUPPLIERS:
        fields = {key: value for key, value in spec.items() if key != "slug"}
        organisations[spec["slug"]], _ = Organisation.objects.update_or_create(
            slug=spec["slug"], defaults={**fields, "kind": OrganisationKind.SUPPLIER}
        )
    return organisations


def _people(organisations: dict[str, Organisation]) -> dict[str, User]:
    people = {}
    for email, name, slug, role in PEOPLE:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(_password())
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(user=user, organisation=organisations[slug], role=role)
        people[email] = user
    return people


def _places(council: Organisation) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for name, kind, parent in PLACES:
        places[name], _ = Place.objects.update_or_create(
            organisation=council,
            name=name,
            defaults={"kind": kind, "parent": places.get(parent) if parent else None},
        )
    return places


# Each area adds its own demo records, in this order, on top of the core below.
AREA_LOADERS = (
    "commissioning.demo",
    "commissioning.appraisal.demo",
    "commissioning.specifications.demo",
    "commissioning.plain_language.demo",
    "procurement.demo",
    # After the tenders it puts people with lived experience on the panels of.
    "procurement.lived_experience_demo",
    "procurement.bidder_feedback_demo",
    "procurement.changes_demo",
    "procurement.exclusion_demo",
    "procurement.direct_award_demo",
    "procurement.burden_demo",
    "contracts.demo",
    "contracts.indicators.demo",
    "contracts.voices.demo",
    "social_value.demo",
    "dialogue.demo",
    "dialogue.engagement.demo",
    # After the dialogue demo, which makes the tender's participants.
    "procurement.stages_demo",
    # After the specification demo, whose version 2 answers a comment from the public.
    "commissioning.public_voice.demo",
    # Adds what the Procurement Act notices need to the records above.
    "open_data.demo",
    # Last: indexes the lessons, stories, withdrawals and insights of everything above.
    "learning.demo",
)


def load() -> list[str]:
    """Create or refresh every demo record; returns a short summary."""
    from importlib import import_module

    council, people, summary = _load_core()
    for module in AREA_LOADERS:
        summary += import_module(module).load(council=council, people=people)
    return [*summary, f"Demo password: {_password()!r}"]


def _load_core() -> tuple[Organisation, dict[str, User], list[str]]:
    organisations = _organisations()
    council = organisations[COUNCIL["slug"]]
    people = _people(organisations)
    commissioner = people["commissioner@northbridge.example"]
    contract_manager = people["contracts@northbridge.example"]
    places = _places(council)

    missions = {}
    for title, statement in MISSIONS:
        missions[title], _ = Mission.objects.update_or_create(
            organisation=council,
            title=title,
            defaults={
                "statement": statement,
                "target_date": datetime.date(2030, 12, 31),
                "lead": commissioner,
            },
        )

    needs = {}
    for title, description, group, mission_titles, place_names in NEEDS:
        need, _ = Need.objects.update_or_create(
            organisation=council,
            title=title,
            defaults={
                "description": description,
                "population_group": group,
                "created_by": commissioner,
            },
        )
        need.missions.set([missions[m] for m in mission_titles])
        need.places.set([places[p] for p in place_names])
        needs[title] = need

    food, _ = Commission.objects.update_or_create(
        organisation=council,
        title="Community food hubs on the Kestrel and Brookside estates",
        defaults={
            "summary": "Food hubs, run with residents, where families can buy fresh food at fair prices "
            "and older people can share a meal.",
            "owner": commissioner,
            "spend_category": "Community food",
            "budget_min": Decimal("180000"),
            "budget_max": Decimal("240000"),
        },
    )
    # The demo sets past states directly (the tender was published, the grant is running),
    # bypassing rules such as a deadline in the future. Each commission is given the status
    # the tender and contract events would have left it in (commissioning.services).
    Commission.objects.filter(pk=food.pk).update(status=CommissionStatus.IN_PROCUREMENT)
    food.needs.set([needs[NEEDS[0][0]], needs[NEEDS[1][0]], needs[NEEDS[2][0]]])
    food.missions.set([missions["Everyone eats well"], missions["Estates people are proud of"]])
    food.places.set([places["Kestrel estate"], places["Brookside estate"]])

    youth, _ = Commission.objects.update_or_create(
        organisation=council,
        title="Mentoring into work for young people in Hollowgate",
        defaults={
            "summary": "One-to-one mentoring and paid placements for young people not in work or training.",
            "owner": commissioner,
            "spend_category": "Employment support",
            "budget_min": Decimal("90000"),
            "budget_max": Decimal("120000"),
        },
    )
    Commission.objects.filter(pk=youth.pk).update(status=CommissionStatus.IN_DELIVERY)
    youth.needs.set([needs[NEEDS[3][0]]])
    youth.missions.set([missions["Young people's economic opportunity"]])
    youth.places.set([places["Hollowgate ward"]])

    damp, _ = Commission.objects.update_or_create(
        organisation=council,
        title="Tackling damp and mould with Brookside tenants",
        defaults={
            "summary": "Work with tenants to find and fix the causes of damp and mould.",
            "owner": commissioner,
            "spend_category": "Housing repairs",
        },
    )
    damp.needs.set([needs[NEEDS[4][0]]])
    damp.missions.set([missions["Estates people are proud of"]])

    specification, _ = Specification.objects.get_or_create(
        commission=food, defaults={"title": "Community food hubs: outcome-based specification"}
    )
    for position, (kind, heading, body) in enumerate(FOOD_SPEC_SECTIONS):
        SpecificationSection.objects.update_or_create(
            specification=specification,
            kind=kind,
            defaults={
                "heading": heading,
                "body": body,
                "position": position,
                "updated_by": commissioner,
            },
        )
    version, _ = SpecificationVersion.objects.get_or_create(
        specification=specification,
        number=1,
        defaults={
            "change_note": "First version for the market.",
            "issued_by": commissioner,
            "snapshot": {
                "sections": [
                    {"kind": kind, "heading": heading, "body": body, "position": position}
                    for position, (kind, heading, body) in enumerate(FOOD_SPEC_SECTIONS)
                ]
            },
        },
    )

    now = timezone.now()
    tender, created = Tender.objects.get_or_create(
        reference="NBC-2026-0001",
        defaults={
            "organisation": council,
            "commission": food,
            "specification_version": version,
            "title": "Community food hubs on the Kestrel and Brookside estates",
            "summary": "Run two community food hubs with residents. Small organisations, charities and "
            "co-operatives are encouraged to bid, alone or together.",
            "procedure": Procedure.OPEN,
            "estimated_value": Decimal("210000"),
            "clarification_deadline": now + datetime.timedelta(days=10),
            "submission_deadline": now + datetime.timedelta(days=21),
            "created_by": commissioner,
        },
    )
    if created:
        Tender.objects.filter(pk=tender.pk).update(status=TenderStatus.PUBLISHED, published_at=now)
    questions = []
    for position, (text, limit) in enumerate(
        [
            ("How will residents share in running the hubs?", 300),
            (
                "What difference will the hubs make for families and older people in the first year?",
                300,
            ),
        ]
    ):
        question, _ = TenderQuestion.objects.update_or_create(
            tender=tender, position=position, defaults={"text": text, "word_limit": limit}
        )
        questions.append(question)
    draft, _ = Bid.objects.get_or_create(tender=tender, supplier=organisations["common-table"])
    BidAnswer.objects.get_or_create(
        bid=draft,
        question=questions[0],
        defaults={"text": "Each hub will have a residents' steering group that meets monthly."},
    )
    submitted, created = Bid.objects.get_or_create(
        tender=tender, supplier=organisations["nib-and-nettle"]
    )
    if created:
        for question in questions:
            BidAnswer.objects.create(
                bid=submitted, question=question, text="We will cook with residents every week."
            )
        Bid.objects.filter(pk=submitted.pk).update(
            status=BidStatus.SUBMITTED,
            submitted_at=now,
            submitted_by=people["micro@nibandnettle.example"],
        )

    mentoring, created = Contract.objects.get_or_create(
        organisation=council,
        title="Mentoring into work for young people in Hollowgate",
        defaults={
            "kind": ContractKind.GRANT,
            "provider": organisations["young-futures"],
            "commission": youth,
            "value": Decimal("105000"),
            "start_date": datetime.date(2026, 4, 1),
            "end_date": datetime.date(2028, 3, 31),
            "contract_manager": contract_manager,
        },
    )
    if created:
        Contract.objects.filter(pk=mentoring.pk).update(status=ContractStatus.ACTIVE)
    mentoring.missions.set([missions["Young people's economic opportunity"]])
    mentoring.places.set([places["Hollowgate ward"]])
    caretaking, created = Contract.objects.get_or_create(
        organisation=council,
        title="Estate caretaking on the Kestrel estate",
        defaults={
            "kind": ContractKind.IN_HOUSE,
            "provider_name": "Northbridge Council estate services team",
            "value": Decimal("340000"),
            "start_date": datetime.date(2025, 4, 1),
            "end_date": datetime.date(2027, 3, 31),
            "contract_manager": contract_manager,
        },
    )
    if created:
        Contract.objects.filter(pk=caretaking.pk).update(status=ContractStatus.ACTIVE)
    caretaking.missions.set([missions["Estates people are proud of"]])
    caretaking.places.set([places["Kestrel estate"]])
    # A small grant started in the last financial year, so this mission's page shows spend
    # over two years and the portfolio shows a mission run on grants, not tenders.
    leadership, created = Contract.objects.get_or_create(
        organisation=council,
        title="Community leadership programme in Riverside",
        defaults={
            "kind": ContractKind.GRANT,
            "provider": organisations["young-futures"],
            "value": Decimal("45000"),
            "start_date": datetime.date(2025, 9, 1),
            "end_date": datetime.date(2027, 8, 31),
            "contract_manager": contract_manager,
        },
    )
    if created:
        Contract.objects.filter(pk=leadership.pk).update(status=ContractStatus.ACTIVE)
    leadership.missions.set([missions["Power that looks like Northbridge"]])
    leadership.places.set([places["Riverside ward"]])

    return (
        council,
        people,
        [
            f"{len(organisations)} organisations, {len(people)} people, {len(missions)} missions, "
            f"{len(places)} places, {len(needs)} needs",
            f"Tender {tender.reference} is open for bids; 3 contracts are active.",
        ],
    )
