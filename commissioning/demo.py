"""Demo records for framing the work: outcomes frameworks for the four Northbridge missions,
place codes, more needs, and the evidence behind every need, residents' words included.

Every record is found by a natural key first, so loading twice changes nothing.
Northbridge is fictional; its codes follow the shape of ONS codes but are not real ones.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import Organisation, User
from commissioning.models import (
    Direction,
    EvidenceItem,
    EvidenceKind,
    Indicator,
    Mission,
    Need,
    Outcome,
    Place,
)

COMMISSIONER = "commissioner@northbridge.example"

PLACE_CODES = {
    "Northbridge": "E06000990",
    "Castle ward": "E05099001",
    "Millfield ward": "E05099002",
    "Riverside ward": "E05099003",
    "Hollowgate ward": "E05099004",
}

D = datetime.date

# mission title -> [(outcome, description, [(indicator, unit, baseline, baseline date,
#                                            target, target date, source, direction)])]
OUTCOMES = {
    "Everyone eats well": [
        (
            "More residents eat a healthy diet",
            "People across Northbridge eat enough fruit, vegetables and fresh food.",
            [
                (
                    "Residents who eat 5 portions of fruit and vegetables a day",
                    "% of adults",
                    "31",
                    D(2024, 3, 31),
                    "45",
                    D(2030, 3, 31),
                    "Northbridge Residents' Survey",
                    Direction.INCREASE,
                ),
                (
                    "Year 6 children living with obesity",
                    "% of pupils",
                    "24.1",
                    D(2024, 7, 31),
                    "18",
                    D(2030, 7, 31),
                    "National Child Measurement Programme",
                    Direction.DECREASE,
                ),
            ],
        ),
        (
            "Fewer households go without food",
            "Nobody in Northbridge skips meals because they cannot afford or reach food.",
            [
                (
                    "Households that went without food in the last month",
                    "% of households",
                    "9",
                    D(2024, 3, 31),
                    "4",
                    D(2030, 3, 31),
                    "Northbridge Residents' Survey",
                    Direction.DECREASE,
                ),
                (
                    "Food bank parcels given out",
                    "parcels a year",
                    "14200",
                    D(2024, 3, 31),
                    "7000",
                    D(2030, 3, 31),
                    "Northbridge Food Partnership",
                    Direction.DECREASE,
                ),
            ],
        ),
        (
            "Older people share meals",
            "Older people who live alone eat a hot meal with others at least once a week.",
            [
                (
                    "People over 75 who eat with others weekly",
                    "% of people over 75",
                    "38",
                    D(2024, 9, 30),
                    "60",
                    D(2029, 9, 30),
                    "Adult social care survey",
                    Direction.INCREASE,
                ),
            ],
        ),
    ],
    "Estates people are proud of": [
        (
            "Homes are warm, dry and safe",
            "No family lives with damp, mould or disrepair that harms their health.",
            [
                (
                    "Council homes with a reported damp or mould problem",
                    "homes",
                    "612",
                    D(2024, 4, 1),
                    "150",
                    D(2028, 4, 1),
                    "Housing repairs system",
                    Direction.DECREASE,
                ),
                (
                    "Damp repairs finished within 28 days",
                    "% of repairs",
                    "41",
                    D(2024, 4, 1),
                    "90",
                    D(2027, 4, 1),
                    "Housing repairs system",
                    Direction.INCREASE,
                ),
            ],
        ),
        (
            "Residents shape their estates",
            "Residents decide with the council how money is spent on their estate.",
            [
                (
                    "Tenants who feel listened to",
                    "% of tenants",
                    "36",
                    D(2024, 3, 31),
                    "70",
                    D(2030, 3, 31),
                    "Tenant satisfaction measures",
                    Direction.INCREASE,
                ),
            ],
        ),
    ],
    "Power that looks like Northbridge": [
        (
            "Decision-makers reflect the community",
            "Boards, panels and senior roles reflect the age and ethnicity of Northbridge.",
            [
                (
                    "Tenant board members under 40",
                    "% of members",
                    "10",
                    D(2024, 6, 30),
                    "35",
                    D(2030, 6, 30),
                    "Tenant board register",
                    Direction.INCREASE,
                ),
                (
                    "Council senior leaders from Black, Asian or other minority ethnic groups",
                    "% of senior leaders",
                    "12",
                    D(2024, 3, 31),
                    "30",
                    D(2030, 3, 31),
                    "Workforce equality report",
                    Direction.INCREASE,
                ),
            ],
        ),
    ],
    "Young people's economic opportunity": [
        (
            "Young people are in good work or training",
            "Every young person leaving school has a route into work, training or education.",
            [
                (
                    "16 to 24 year olds not in education, employment or training",
                    "% of 16 to 24 year olds",
                    "12.5",
                    D(2024, 3, 31),
                    "6",
                    D(2030, 3, 31),
                    "Department for Education NEET figures",
                    Direction.DECREASE,
                ),
                (
                    "Mentored young people in work or training 6 months on",
                    "% of mentored young people",
                    "35",
                    D(2024, 3, 31),
                    "70",
                    D(2029, 3, 31),
                    "Mentoring contract KPI (follow-up calls)",
                    Direction.INCREASE,
                ),
                (
                    "Apprenticeships started with local employers",
                    "starts a year",
                    "180",
                    D(2024, 3, 31),
                    "400",
                    D(2030, 3, 31),
                    "Apprenticeship service",
                    Direction.INCREASE,
                ),
            ],
        ),
        (
            "Young people feel safe and hopeful",
            "Young people say they feel safe in their area and hopeful about their future.",
            [
                (
                    "Young people who feel hopeful about their future",
                    "% of young people",
                    "48",
                    D(2024, 11, 30),
                    "70",
                    D(2030, 11, 30),
                    "Northbridge Youth Voice survey",
                    Direction.INCREASE,
                ),
            ],
        ),
    ],
}

# The six needs of home/demo_data.py, plus six more: (title, description, group,
# missions, places). Only these six are created here.
MORE_NEEDS = [
    (
        "Families in temporary housing cannot cook",
        "Families placed in hotels and hostels have no kitchen, so they rely on takeaways "
        "and cold food for weeks at a time.",
        "Families in temporary accommodation",
        ["Everyone eats well", "Estates people are proud of"],
        ["Millfield ward"],
    ),
    (
        "Carers have no time to shop or cook",
        "Unpaid carers tell us that looking after someone leaves them no time to shop or cook "
        "a proper meal for themselves.",
        "Unpaid carers",
        ["Everyone eats well"],
        ["Northbridge"],
    ),
    (
        "Young care leavers struggle to find first jobs",
        "Care leavers are twice as likely as their peers to be out of work a year after leaving "
        "care, and few employers offer them a guaranteed interview.",
        "Care leavers aged 18 to 25",
        ["Young people's economic opportunity"],
        ["Northbridge"],
    ),
    (
        "Young people do not feel safe travelling in the evening",
        "Young people in Riverside say they avoid evening courses and shifts because the walk "
        "to the bus stop feels unsafe.",
        "Young people aged 14 to 24",
        ["Young people's economic opportunity", "Estates people are proud of"],
        ["Riverside ward"],
    ),
    (
        "Few young people take part in local decisions",
        "Consultations on estate improvements hear mostly from people over 60; young residents "
        "say meetings are at times they cannot make.",
        "Residents under 30",
        ["Power that looks like Northbridge"],
        ["Castle ward", "Riverside ward"],
    ),
    (
        "Community groups cannot get council contracts",
        "Local voluntary and community groups say tender documents are long and written in "
        "jargon, so they do not bid even when they run the service best.",
        "Voluntary and community groups",
        ["Power that looks like Northbridge"],
        ["Northbridge"],
    ),
]

# need title -> [(kind, summary, extra fields)]
EVIDENCE = {
    "Fresh food is hard to reach on the Kestrel estate": [
        (
            EvidenceKind.COMMUNITY_VOICE,
            "By the time I've walked back from the big shop with two kids and the bags, "
            "we're all starving and I just want to give them chips.",
            {"attribution": "Parent, Kestrel estate", "source_date": D(2025, 5, 14)},
        ),
        (
            EvidenceKind.DATA_POINT,
            "Walking time from the centre of the estate to the nearest shop selling fresh "
            "fruit and vegetables",
            {"value": "25 minutes", "source": "Council mapping", "source_date": D(2025, 4, 1)},
        ),
        (
            EvidenceKind.LINK,
            "Food deserts: why some neighbourhoods lack healthy food",
            {"url": "https://www.sustainweb.org/", "source": "Sustain"},
        ),
    ],
    "Older people eat alone and skip meals": [
        (
            EvidenceKind.COMMUNITY_VOICE,
            "Since the lunch club shut I don't bother cooking. It's not worth it for one.",
            {
                "attribution": "Resident in his eighties, Riverside ward",
                "source_date": D(2025, 2, 3),
            },
        ),
        (
            EvidenceKind.DATA_POINT,
            "People over 75 in Riverside ward who live alone",
            {"value": "1,140", "source": "Census 2021", "source_date": D(2021, 3, 21)},
        ),
    ],
    "School holidays bring hunger": [
        (
            EvidenceKind.DATA_POINT,
            "Pupils in Castle ward eligible for free school meals",
            {"value": "38%", "source": "School census", "source_date": D(2025, 1, 16)},
        ),
        (
            EvidenceKind.COMMUNITY_VOICE,
            "After the summer some of them come back thinner. You can see it.",
            {"attribution": "Primary school teacher, Castle ward", "source_date": D(2024, 9, 10)},
        ),
    ],
    "Young people leave school without a route into work": [
        (
            EvidenceKind.DATA_POINT,
            "16 to 24 year olds in Hollowgate not in education, employment or training",
            {
                "value": "1 in 8",
                "source": "Department for Education",
                "source_date": D(2024, 3, 31),
            },
        ),
        (
            EvidenceKind.COMMUNITY_VOICE,
            "Everyone says get an apprenticeship, but nobody round here knows anyone who's got one.",
            {"attribution": "Young person, 17, Hollowgate", "source_date": D(2025, 3, 20)},
        ),
    ],
    "Damp and mould on the Brookside estate": [
        (
            EvidenceKind.COMMUNITY_VOICE,
            "I reported the mould in the baby's room four times. Each time someone came and "
            "painted over it.",
            {"attribution": "Tenant, Brookside estate", "source_date": D(2024, 12, 2)},
        ),
        (
            EvidenceKind.DATA_POINT,
            "Repairs reports about damp and mould on the Brookside estate, winter 2024",
            {"value": "212", "source": "Housing repairs system", "source_date": D(2025, 3, 1)},
        ),
        (
            EvidenceKind.STATEMENT,
            "The Housing Ombudsman's spotlight report says landlords must treat damp and "
            "mould as a health risk, not a lifestyle issue.",
            {"source": "Housing Ombudsman", "source_date": D(2021, 10, 1)},
        ),
    ],
    "Residents' boards do not reflect who lives here": [
        (
            EvidenceKind.DATA_POINT,
            "Tenant board members under 40",
            {"value": "1 in 10", "source": "Tenant board register", "source_date": D(2024, 6, 30)},
        ),
        (
            EvidenceKind.COMMUNITY_VOICE,
            "The meetings are at two in the afternoon. Who can make that if they work?",
            {
                "attribution": "Tenant in her thirties, Kestrel estate",
                "source_date": D(2025, 1, 22),
            },
        ),
    ],
    "Families in temporary housing cannot cook": [
        (
            EvidenceKind.COMMUNITY_VOICE,
            "We've been in one room for five months. There's a kettle and that's it.",
            {
                "attribution": "Mother of three, temporary accommodation",
                "source_date": D(2025, 6, 2),
            },
        ),
        (
            EvidenceKind.DATA_POINT,
            "Families with children in hotels or hostels",
            {"value": "146", "source": "Housing options team", "source_date": D(2025, 6, 30)},
        ),
    ],
    "Carers have no time to shop or cook": [
        (
            EvidenceKind.COMMUNITY_VOICE,
            "I make sure Mum eats properly. I live on toast.",
            {"attribution": "Carer for a parent", "source_date": D(2025, 4, 8)},
        ),
        (
            EvidenceKind.DATA_POINT,
            "Residents who give unpaid care",
            {"value": "9.2%", "source": "Census 2021", "source_date": D(2021, 3, 21)},
        ),
    ],
    "Young care leavers struggle to find first jobs": [
        (
            EvidenceKind.DATA_POINT,
            "Care leavers aged 19 to 21 not in education, employment or training",
            {"value": "41%", "source": "Children's services", "source_date": D(2025, 3, 31)},
        ),
        (
            EvidenceKind.COMMUNITY_VOICE,
            "I just needed someone to get me through the door once.",
            {"attribution": "Care leaver, 20", "source_date": D(2025, 2, 17)},
        ),
    ],
    "Young people do not feel safe travelling in the evening": [
        (
            EvidenceKind.COMMUNITY_VOICE,
            "I turned down the evening shift because of the walk from the bus. My mum won't let me.",
            {"attribution": "Young person, 16, Riverside ward", "source_date": D(2025, 5, 29)},
        ),
        (
            EvidenceKind.DATA_POINT,
            "Young people in Riverside who feel unsafe after dark",
            {
                "value": "58%",
                "source": "Northbridge Youth Voice survey",
                "source_date": D(2024, 11, 30),
            },
        ),
    ],
    "Few young people take part in local decisions": [
        (
            EvidenceKind.DATA_POINT,
            "Responses from under-30s to the 2024 estate improvements consultation",
            {"value": "6%", "source": "Consultation report", "source_date": D(2024, 10, 31)},
        ),
        (
            EvidenceKind.COMMUNITY_VOICE,
            "If you want us there, come to where we are. Nobody reads the letters.",
            {"attribution": "Youth forum member, Castle ward", "source_date": D(2025, 1, 15)},
        ),
    ],
    "Community groups cannot get council contracts": [
        (
            EvidenceKind.COMMUNITY_VOICE,
            "The last tender was ninety pages. We're six people. We run the service, but we "
            "can't write like that.",
            {"attribution": "Manager of a local charity", "source_date": D(2025, 3, 5)},
        ),
        (
            EvidenceKind.DATA_POINT,
            "Share of council contract spend with local voluntary and community groups",
            {"value": "4%", "source": "Contract register", "source_date": D(2025, 3, 31)},
        ),
    ],
}


def _outcomes(missions: dict[str, Mission]) -> int:
    count = 0
    for mission_title, outcomes in OUTCOMES.items():
        mission = missions.get(mission_title)
        if mission is None:
            continue
        for position, (title, description, indicators) in enumerate(outcomes, start=1):
            outcome, _ = Outcome.objects.update_or_create(
                mission=mission,
                title=title,
                defaults={"description": description, "position": position},
            )
            count += 1
            for (
                name,
                unit,
                baseline,
                baseline_on,
                target,
                target_on,
                source,
                direction,
            ) in indicators:
                Indicator.objects.update_or_create(
                    outcome=outcome,
                    name=name,
                    defaults={
                        "unit": unit,
                        "baseline_value": Decimal(baseline),
                        "baseline_date": baseline_on,
                        "target_value": Decimal(target),
                        "target_date": target_on,
                        "data_source": source,
                        "direction": direction,
                    },
                )
    return count


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Add outcomes, place codes, six more needs and the evidence for every demo need."""
    commissioner = people.get(COMMISSIONER)
    missions = {m.title: m for m in Mission.objects.filter(organisation=council)}
    places = {p.name: p for p in Place.objects.filter(organisation=council)}

    for name, code in PLACE_CODES.items():
        Place.objects.filter(organisation=council, name=name).update(code=code)

    outcome_count = _outcomes(missions)

    for title, description, group, mission_titles, place_names in MORE_NEEDS:
        need, _ = Need.objects.update_or_create(
            organisation=council,
            title=title,
            defaults={
                "description": description,
                "population_group": group,
                "created_by": commissioner,
            },
        )
        need.missions.set([missions[m] for m in mission_titles if m in missions])
        need.places.set([places[p] for p in place_names if p in places])

    needs = {n.title: n for n in Need.objects.filter(organisation=council, title__in=EVIDENCE)}
    evidence_count = 0
    for need_title, items in EVIDENCE.items():
        need = needs.get(need_title)
        if need is None:
            continue
        for kind, summary, extra in items:
            EvidenceItem.objects.update_or_create(
                need=need,
                kind=kind,
                summary=summary,
                defaults={**extra, "created_by": commissioner},
            )
            evidence_count += 1

    return [
        f"{outcome_count} outcomes with indicators across {len(missions)} missions",
        f"{len(MORE_NEEDS)} more needs ({Need.objects.filter(organisation=council).count()} in all)",
        f"{evidence_count} pieces of evidence, residents' words included",
        f"{len(PLACE_CODES)} place codes",
    ]
