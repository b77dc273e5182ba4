"""Demo records for contract management: a year of check-ins, KPIs and learning.

Extends the contracts that the main demo seed creates and adds two contracts won through
tenders. The social value promises on these contracts are added by social_value.demo,
which runs next. Safe to run again: every record is found by its natural key before it is made.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from commissioning.models import Mission, Outcome, Place
from contracts.models import (
    Action,
    CheckIn,
    CheckInContribution,
    CheckInStatus,
    Contract,
    ContractKind,
    ContractStatus,
    ExtensionOption,
    Frequency,
    HealthRating,
    Kpi,
    KpiReading,
    LearningEntry,
    Modification,
    Side,
)

MENTORING = "Mentoring into work for young people in Hollowgate"
CARETAKING = "Estate caretaking on the Kestrel estate"
MEALS = "School holiday meals in South Northbridge"
VANS = "Electric vans for council services"

# (held on, buyer story, provider story, buyer scores, provider scores, status)
# Scores are trust, communication, shared purpose, mutual benefit, from 1 to 5.
MENTORING_CHECKINS = [
    (
        datetime.date(2026, 5, 6),
        "The first eight young people met their mentors. Two came with a parent.",
        "Recruiting mentors from local firms was quicker than we expected.",
        (3, 3, 4, 3),
        (3, 2, 4, 3),
    ),
    (
        datetime.date(2026, 7, 8),
        "Fourteen young people are matched. Three started work placements.",
        "Summer holidays made weekly sessions hard to keep going.",
        (4, 3, 4, 4),
        (4, 4, 5, 3),
    ),
    (
        datetime.date(2026, 9, 9),
        "Two mentors left; the young people waited a month for new ones.",
        "We now pair everyone with a back-up mentor from the start.",
        (3, 4, 4, 4),
        (4, 4, 4, 4),
    ),
]
CARETAKING_CHECKINS = [
    (
        datetime.date(2025, 12, 10),
        "Residents reported fewer blocked bin chutes after the new rota.",
        "Two caretakers were off sick for most of the month.",
        (4, 3, 4, 3),
        (3, 3, 4, 3),
    ),
    (
        datetime.date(2026, 3, 11),
        "The tenants' group ran a clean-up day with the caretaking team.",
        "Storm damage took a week of the team's time.",
        (4, 4, 5, 4),
        (4, 4, 5, 4),
    ),
    (
        datetime.date(2026, 6, 10),
        "Graffiti is removed within two days in most cases.",
        "The lift contractor was slow, and residents blamed the caretakers.",
        (3, 3, 4, 3),
        (2, 3, 4, 3),
    ),
    (
        datetime.date(2026, 9, 9),
        "Residents' survey: 71% satisfied with the estate, up from 58%.",
        "Shared the lift fault log with residents, which eased tension.",
        (4, 4, 4, 4),
        (4, 4, 5, 4),
    ),
]
DIMENSIONS = ("trust", "communication", "shared_purpose", "mutual_benefit")


def _tendered(
    *,
    council: Organisation,
    title: str,
    provider: Organisation,
    value: str,
    start: datetime.date,
    end: datetime.date,
    manager: User,
    missions: list[Mission],
    places: list[str],
) -> Contract:
    """A contract won through a tender, serving its missions, places and the missions'
    first outcomes, as an award leaves it (every awarded contract in the demo is linked)."""
    contract, created = Contract.objects.get_or_create(
        organisation=council,
        title=title,
        defaults={
            "kind": ContractKind.TENDERED,
            "provider": provider,
            "value": Decimal(value),
            "start_date": start,
            "end_date": end,
            "contract_manager": manager,
        },
    )
    if created:
        # A contract that started in the past: set directly rather than through contract_start.
        Contract.objects.filter(pk=contract.pk).update(status=ContractStatus.ACTIVE)
    contract.missions.set(missions)
    contract.places.set(Place.objects.filter(organisation=council, name__in=places))
    contract.outcomes.set(
        Outcome.objects.filter(mission__in=missions, position__lte=1).order_by("pk")
    )
    return contract


def _checkins(contract: Contract, rows: list, buyer: User, provider: User) -> list[CheckIn]:
    checkins = []
    for held_on, buyer_story, provider_story, buyer_scores, provider_scores in rows:
        checkin, _ = CheckIn.objects.get_or_create(contract=contract, held_on=held_on)
        for side, story, scores, author in (
            (Side.BUYER, buyer_story, buyer_scores, buyer),
            (Side.PROVIDER, provider_story, provider_scores, provider),
        ):
            contribution, _ = CheckInContribution.objects.update_or_create(
                checkin=checkin,
                side=side,
                defaults={
                    "story": story,
                    "author": author,
                    "submitted_at": datetime.datetime.combine(
                        held_on, datetime.time(16), tzinfo=datetime.UTC
                    ),
                },
            )
            for dimension, score in zip(DIMENSIONS, scores, strict=True):
                HealthRating.objects.update_or_create(
                    contribution=contribution, dimension=dimension, defaults={"score": score}
                )
        CheckIn.objects.filter(pk=checkin.pk).update(
            status=CheckInStatus.PUBLISHED,
            published_at=datetime.datetime.combine(held_on, datetime.time(17), tzinfo=datetime.UTC),
        )
        checkins.append(checkin)
    return checkins


def _kpis(
    contract: Contract,
    rows: list[tuple[str, str, str, list[tuple[str, str, datetime.date]]]],
    by: User,
) -> None:
    """KPIs with readings, each entered at the end of its period, so the charts run over time."""
    for name, measure, target, readings in rows:
        kpi, _ = Kpi.objects.get_or_create(
            contract=contract,
            name=name,
            defaults={"measure": measure, "target": target, "frequency": Frequency.QUARTERLY},
        )
        for period, value, entered_on in readings:
            KpiReading.objects.get_or_create(
                kpi=kpi, period=period, defaults={"value": value, "recorded_by": by}
            )
            KpiReading.objects.filter(kpi=kpi, period=period).update(
                recorded_at=datetime.datetime.combine(
                    entered_on, datetime.time(12), tzinfo=datetime.UTC
                )
            )


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Add a year of relational contract management to the demo council."""
    manager = people["contracts@northbridge.example"]
    missions = {m.title: m for m in Mission.objects.filter(organisation=council)}
    mentoring = Contract.objects.filter(organisation=council, title=MENTORING).first()
    caretaking = Contract.objects.filter(organisation=council, title=CARETAKING).first()
    providers = {
        o.slug: o for o in Organisation.objects.filter(slug__in=["common-table", "amberline"])
    }
    contracts = [c for c in (mentoring, caretaking) if c is not None]

    if mentoring is not None:
        mentoring.checkin_cadence_months = 2
        mentoring.save(update_fields=["checkin_cadence_months"])
        checkins = _checkins(
            mentoring, MENTORING_CHECKINS, manager, people["charity@youngfutures.example"]
        )
        CheckIn.objects.get_or_create(contract=mentoring, held_on=datetime.date(2027, 1, 13))
        Action.objects.get_or_create(
            contract=mentoring,
            description="Find a back-up mentor for every young person",
            defaults={
                "owner": "Young Futures coordinator",
                "raised_in": checkins[-1],
                "due_date": datetime.date(2026, 11, 1),
            },
        )
        Action.objects.get_or_create(
            contract=mentoring,
            description="Introduce three more high-street employers",
            defaults={"owner": "Mei Chen", "raised_in": checkins[0], "done_at": timezone.now()},
        )
        _kpis(
            mentoring,
            [
                (
                    "Young people matched with a mentor",
                    "Count from the case list",
                    "20 a year",
                    [
                        ("April to June 2026", "8", datetime.date(2026, 7, 3)),
                        ("July to September 2026", "14", datetime.date(2026, 10, 2)),
                    ],
                ),
                (
                    "Young people in work or training after 6 months",
                    "Follow-up calls",
                    "60%",
                    [
                        ("April to June 2026", "42%", datetime.date(2026, 7, 3)),
                        ("July to September 2026", "50%", datetime.date(2026, 10, 2)),
                    ],
                ),
                (
                    "Mentor sessions kept",
                    "Session log",
                    "90%",
                    [
                        ("January to March 2026", "79%", datetime.date(2026, 4, 2)),
                        ("April to June 2026", "84%", datetime.date(2026, 7, 3)),
                        ("July to September 2026", "88%", datetime.date(2026, 10, 2)),
                    ],
                ),
            ],
            manager,
        )

    if caretaking is not None:
        caretaking.checkin_cadence_months = 3
        caretaking.save(update_fields=["checkin_cadence_months"])
        # An in-house team: the contract manager writes both sides with the team leader.
        _checkins(caretaking, CARETAKING_CHECKINS, manager, manager)
        CheckIn.objects.get_or_create(contract=caretaking, held_on=datetime.date(2026, 12, 9))
        ExtensionOption.objects.get_or_create(
            contract=caretaking,
            months=12,
            defaults={
                "description": "One extension of up to 12 months, agreed by the cabinet member."
            },
        )
        Modification.objects.get_or_create(
            contract=caretaking,
            made_on=datetime.date(2026, 1, 12),
            defaults={
                "description": "Add weekend litter picks on the Kestrel estate.",
                "reason": "Residents asked for it at the tenants' meeting.",
                "value_change": Decimal("18000"),
                "recorded_by": manager,
            },
        )
        _kpis(
            caretaking,
            [
                (
                    "Repairs reported within a day",
                    "Caretaker log",
                    "95%",
                    [
                        ("October to December 2025", "86%", datetime.date(2026, 1, 5)),
                        ("January to March 2026", "90%", datetime.date(2026, 4, 2)),
                        ("April to June 2026", "93%", datetime.date(2026, 7, 2)),
                        ("July to September 2026", "91%", datetime.date(2026, 10, 1)),
                    ],
                ),
            ],
            manager,
        )

    if "common-table" in providers:
        meals = _tendered(
            council=council,
            title=MEALS,
            provider=providers["common-table"],
            value="240000",
            start=datetime.date(2026, 4, 1),
            end=datetime.date(2028, 3, 31),
            manager=manager,
            missions=[m for t, m in missions.items() if t == "Everyone eats well"],
            places=["Riverside ward", "Brookside estate"],
        )
        contracts.append(meals)
        _checkins(
            meals,
            [
                (
                    datetime.date(2026, 8, 26),
                    "Over the summer 1,900 hot meals were served at six schools.",
                    "Parents joined in cooking sessions; some now volunteer.",
                    (4, 4, 5, 4),
                    (5, 4, 5, 4),
                ),
            ],
            manager,
            people["social@commontable.example"],
        )

    if "amberline" in providers:
        vans = _tendered(
            council=council,
            title=VANS,
            provider=providers["amberline"],
            value="6400000",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2031, 12, 31),
            manager=manager,
            # The vans carry the repairs teams that keep the estates safe and healthy.
            missions=[m for t, m in missions.items() if t == "Estates people are proud of"],
            places=["Northbridge"],
        )
        contracts.append(vans)
        # Two KPIs only, so the page shows the Procurement Act warning for contracts over £5m.
        _kpis(
            vans,
            [
                (
                    "Vans available each working day",
                    "Fleet system",
                    "97%",
                    [
                        ("January to March 2026", "95%", datetime.date(2026, 4, 2)),
                        ("April to June 2026", "97%", datetime.date(2026, 7, 2)),
                        ("July to September 2026", "98%", datetime.date(2026, 10, 1)),
                    ],
                ),
                ("Breakdowns answered within 4 hours", "Call log", "95%", []),
            ],
            manager,
        )

    for title, body, did_not_work, is_public, contract in [
        (
            "Back-up mentors from the start",
            "When a mentor left, young people lost momentum. "
            "Pairing each person with a back-up mentor from day one kept them engaged.",
            True,
            True,
            mentoring,
        ),
        (
            "Summer needs a different rhythm",
            "Weekly sessions did not work in August. "
            "Fortnightly outings with employers kept more young people involved.",
            True,
            False,
            mentoring,
        ),
        (
            "Share the fault log with residents",
            "Residents blamed caretakers for lift faults they "
            "could not fix. Publishing the log turned complaints into questions.",
            False,
            True,
            caretaking,
        ),
        (
            "Parents as cooks",
            "Inviting parents to cook made holiday meals feel like their own.",
            False,
            True,
            next((c for c in contracts if c.title == MEALS), None),
        ),
    ]:
        if contract is None:
            continue
        entry, _ = LearningEntry.objects.update_or_create(
            organisation=council,
            title=title,
            defaults={
                "body": body,
                "did_not_work": did_not_work,
                "is_public": is_public,
                "contract": contract,
                "written_by": manager,
            },
        )
        entry.missions.set(contract.missions.all())

    return [
        f"{len(contracts)} contracts with check-ins from both sides, KPIs and "
        f"{LearningEntry.objects.filter(organisation=council).count()} learning entries."
    ]
