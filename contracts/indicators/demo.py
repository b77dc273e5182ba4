"""Demo: every mission indicator gets readings over more than two years, so mission pages
differ (some indicators on track, some off), some readings are for places, and two contract
KPIs feed an indicator. Runs after contracts.demo."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import Organisation, User
from commissioning.models import Indicator, IndicatorReading, Place
from contracts.indicators import services
from contracts.models import Contract, Frequency, Kpi, KpiReading, ReadingContribution

COMMISSIONER = "commissioner@northbridge.example"
MANAGER = "contracts@northbridge.example"
LAST_READING = datetime.date(2026, 11, 30)

# Indicator -> how fast it moves compared with the straight line to its target: above 1 is
# ahead (on track), below 1 is behind (off track). Missions differ on purpose.
PACE = {
    # Everyone eats well: mostly on track.
    "Residents who eat 5 portions of fruit and vegetables a day": 1.25,
    "Year 6 children living with obesity": 0.7,
    "Households that went without food in the last month": 1.3,
    "Food bank parcels given out": 1.1,
    "People over 75 who eat with others weekly": 1.2,
    # Estates people are proud of: mostly off track.
    "Council homes with a reported damp or mould problem": 0.45,
    "Tenants who feel listened to": 1.1,
    # Power that looks like Northbridge: one of each.
    "Tenant board members under 40": 1.4,
    "Council senior leaders from Black, Asian or other minority ethnic groups": 0.35,
    # Young people's economic opportunity: mixed.
    "16 to 24 year olds not in education, employment or training": 1.15,
    "Apprenticeships started with local employers": 0.6,
    "Young people who feel hopeful about their future": 1.05,
}

# Readings for places: (indicator, place, pace) — the estates lag behind the area.
PLACE_SERIES = [
    ("Households that went without food in the last month", "Kestrel estate", 0.6),
    ("Households that went without food in the last month", "Brookside estate", 1.1),
    ("Council homes with a reported damp or mould problem", "Riverside ward", 0.3),
    ("Young people who feel hopeful about their future", "Hollowgate ward", 0.8),
]

# Contract KPIs that feed an indicator: (contract, KPI, measure, target, indicator,
# [(period, value, date recorded)]).
KPI_FEEDS = [
    (
        "Estate caretaking on the Kestrel estate",
        "Damp repairs finished within 28 days",
        "Housing repairs system",
        "90% by April 2027",
        "Damp repairs finished within 28 days",
        [
            ("April to June 2024", "43%", datetime.date(2024, 7, 12)),
            ("July to September 2024", "47%", datetime.date(2024, 10, 11)),
            ("October to December 2024", "52%", datetime.date(2025, 1, 10)),
            ("January to March 2025", "55%", datetime.date(2025, 4, 11)),
            ("April to June 2025", "59%", datetime.date(2025, 7, 11)),
            ("July to September 2025", "62%", datetime.date(2025, 10, 10)),
            ("October to December 2025", "64%", datetime.date(2026, 1, 9)),
            ("January to March 2026", "67%", datetime.date(2026, 4, 10)),
            ("April to June 2026", "70%", datetime.date(2026, 7, 10)),
            ("July to September 2026", "72%", datetime.date(2026, 10, 9)),
        ],
    ),
    (
        "Mentoring into work for young people in Hollowgate",
        "Young people in work or training after 6 months",
        "Follow-up calls",
        "60%",
        "Mentored young people in work or training 6 months on",
        [
            ("April to June 2024", "36%", datetime.date(2024, 7, 19)),
            ("October to December 2024", "38%", datetime.date(2025, 1, 17)),
            ("April to June 2025", "44%", datetime.date(2025, 7, 18)),
            ("October to December 2025", "51%", datetime.date(2026, 1, 16)),
            ("April to June 2026", "55%", datetime.date(2026, 7, 17)),
            ("July to September 2026", "50%", datetime.date(2026, 10, 16)),
        ],
    ),
]


def _dates(start: datetime.date) -> list[datetime.date]:
    """Every six months from the baseline (the first reading) to the last demo reading."""
    dates, year, month = [start], start.year, start.month
    while True:
        month += 6
        if month > 12:
            year, month = year + 1, month - 12
        on = datetime.date(year, month, min(start.day, 28))
        if on > LAST_READING:
            return dates
        dates.append(on)


def _value(indicator: Indicator, on: datetime.date, pace: float, wobble: int) -> Decimal:
    baseline, target = indicator.baseline_value, indicator.target_value
    span = (indicator.target_date - indicator.baseline_date).days
    progress = (on - indicator.baseline_date).days / span
    wiggle = Decimal((0, -1, 1)[wobble % 3]) * abs(target - baseline) / 100
    value = baseline + (target - baseline) * Decimal(progress * pace) + wiggle
    return value.quantize(Decimal("0.1") if abs(baseline) < 100 else Decimal(1))


def _series(
    indicator: Indicator, pace: float, *, by: User | None, place: Place | None = None
) -> list[IndicatorReading]:
    readings = []
    for number, on in enumerate(_dates(indicator.baseline_date)):
        reading, _ = IndicatorReading.objects.update_or_create(
            indicator=indicator,
            date=on,
            place=place,
            from_kpi=False,
            defaults={
                "value": _value(indicator, on, pace, number),
                "source": indicator.data_source,
                "recorded_by": by,
            },
        )
        readings.append(reading)
    return readings


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    commissioner, manager = people.get(COMMISSIONER), people.get(MANAGER)
    indicators = {
        i.name: i
        for i in Indicator.objects.filter(outcome__mission__organisation=council).select_related(
            "outcome__mission__organisation"
        )
    }
    places = {p.name: p for p in Place.objects.filter(organisation=council)}
    contracts = {c.title: c for c in Contract.objects.filter(organisation=council)}
    count = 0
    for name, pace in PACE.items():
        if indicator := indicators.get(name):
            readings = _series(indicator, pace, by=commissioner)
            count += len(readings)
            if name.startswith("Households that went without") and (
                meals := contracts.get("School holiday meals in South Northbridge")
            ):
                for reading in readings[-2:]:
                    ReadingContribution.objects.get_or_create(reading=reading, contract=meals)
    for name, place_name, pace in PLACE_SERIES:
        indicator, place = indicators.get(name), places.get(place_name)
        if indicator and place:
            count += len(_series(indicator, pace, by=manager, place=place))

    mapped = 0
    for contract_title, kpi_name, measure, target, indicator_name, readings in KPI_FEEDS:
        contract = contracts.get(contract_title)
        indicator = indicators.get(indicator_name)
        if contract is None or indicator is None or manager is None:
            continue
        kpi, _ = Kpi.objects.get_or_create(
            contract=contract,
            name=kpi_name,
            defaults={"measure": measure, "target": target, "frequency": Frequency.QUARTERLY},
        )
        for period, value, recorded_on in readings:
            kpi_reading, _ = KpiReading.objects.get_or_create(
                kpi=kpi, period=period, defaults={"value": value, "recorded_by": manager}
            )
            moment = datetime.datetime.combine(recorded_on, datetime.time(10), tzinfo=datetime.UTC)
            KpiReading.objects.filter(pk=kpi_reading.pk).update(recorded_at=moment)
        services.kpi_indicator_map(kpi=kpi, indicator=indicator, by=manager)
        mapped += 1

    # A contract KPI that feeds nothing yet, on the contract Common Table provides, so the
    # contract page offers to choose its indicator.
    if (meals := contracts.get("School holiday meals in South Northbridge")) and manager:
        kpi, _ = Kpi.objects.get_or_create(
            contract=meals,
            name="Hot meals served each holiday week",
            defaults={
                "measure": "Meal count at each school",
                "target": "400 a week",
                "frequency": Frequency.QUARTERLY,
            },
        )
        KpiReading.objects.get_or_create(
            kpi=kpi,
            period="July to September 2026",
            defaults={"value": "380", "recorded_by": manager},
        )
    return [
        f"{count} indicator readings over two years and more, and {mapped} KPIs feeding indicators"
    ]
