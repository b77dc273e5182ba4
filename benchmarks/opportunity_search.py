"""How long opportunity search takes at 1,000, 10,000 and 100,000 tenders.

Run against a database of its own, which it fills (and empties first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench \\
        .venv/bin/python benchmarks/opportunity_search.py

It generates tenders with bulk_create (with the fewest related rows a tender needs: buyers,
commissions, specifications and issued versions, missions and places), builds their
search rows, then times what the opportunities page runs for one page of results (the
count, capped at 1,000, and the first 25 rows) for about 50 searches, some with filters. It reports the
median and 95th percentile at each size. It reports figures; it asserts nothing.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "kindred_bench" not in os.environ.get("DATABASE_URL", ""):
    sys.exit(
        "Set DATABASE_URL to a benchmark database named kindred_bench: this script empties it."
    )

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Organisation  # noqa: E402
from benchmarks.search_rows import fill_search_vectors  # noqa: E402
from commissioning.models import (  # noqa: E402
    Commission,
    Mission,
    Place,
    Specification,
    SpecificationVersion,
)
from dialogue import search_page  # noqa: E402
from dialogue.models import OpportunityIndex  # noqa: E402
from dialogue.paging import CappedPaginator  # noqa: E402
from dialogue.selectors import OpportunityFilters, opportunities_search  # noqa: E402
from dialogue.services import suitable_for_small, value_band_for  # noqa: E402
from procurement.models import Tender  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
QUERIES = 50
BUYERS = 20
VERSIONS_PER_SPECIFICATION = 100
CATEGORIES = ["Food", "Care", "Housing", "Youth", "Transport", "Parks", "Health", "Skills"]
PROCEDURES = ["open", "competitive_flexible", "below_threshold"]
TOPIC_WORDS = [
    "food",
    "meals",
    "hubs",
    "pantry",
    "allotment",
    "garden",
    "composting",
    "recycling",
    "youth",
    "club",
    "mentoring",
    "housing",
    "repairs",
    "insulation",
    "retrofit",
    "homelessness",
    "shelter",
    "transport",
    "buses",
    "cycling",
    "walking",
    "parks",
    "trees",
    "rivers",
    "flooding",
    "care",
    "home",
    "domiciliary",
    "dementia",
    "carers",
    "respite",
    "loneliness",
    "befriending",
    "library",
    "digital",
    "inclusion",
    "skills",
    "training",
    "apprenticeships",
    "employment",
    "debt",
    "advice",
    "welfare",
    "benefits",
    "energy",
    "heating",
    "cooking",
    "nutrition",
    "school",
    "breakfast",
    "holiday",
    "activities",
    "sport",
    "swimming",
    "leisure",
    "arts",
    "music",
    "heritage",
    "festival",
    "translation",
    "interpreting",
    "advocacy",
    "mental",
    "health",
    "counselling",
    "wellbeing",
    "addiction",
]
FILLER_WORDS = [
    "the",
    "provider",
    "will",
    "work",
    "with",
    "residents",
    "partners",
    "and",
    "the",
    "council",
    "to",
    "deliver",
    "services",
    "that",
    "improve",
    "outcomes",
    "across",
    "the",
    "borough",
    "measured",
    "each",
    "quarter",
    "against",
    "agreed",
    "indicators",
    "reporting",
    "progress",
    "openly",
    "and",
    "learning",
    "together",
    "when",
    "things",
    "change",
]


def words(rng: random.Random, topic: int, filler: int) -> str:
    chosen = rng.sample(TOPIC_WORDS, topic) + rng.choices(FILLER_WORDS, k=filler)
    rng.shuffle(chosen)
    return " ".join(chosen)


def reset() -> None:
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE dialogue_opportunityindex, procurement_tender, "
            "commissioning_specificationversion, commissioning_specification, "
            "commissioning_commission, commissioning_mission, commissioning_place, "
            "accounts_organisation CASCADE"
        )


def buyers_with_missions_and_places(rng: random.Random) -> list[tuple[Organisation, list, list]]:
    made = []
    for n in range(BUYERS):
        buyer = Organisation.objects.create(
            name=f"Council {n}", slug=f"council-{n}", kind="public_body"
        )
        missions = Mission.objects.bulk_create(
            Mission(organisation=buyer, title=f"Mission {n}-{m}", statement="Better lives.")
            for m in range(5)
        )
        area = Place.objects.create(organisation=buyer, name=f"Area {n}", kind="area")
        wards = Place.objects.bulk_create(
            Place(organisation=buyer, name=f"Ward {n}-{w}", kind="ward", parent=area)
            for w in range(9)
        )
        made.append((buyer, missions, [area, *wards]))
    return made


@transaction.atomic
def add_tenders(count: int, start: int, buyers: list, rng: random.Random) -> None:
    """Add `count` open tenders and their search rows, as opportunity_index_refresh builds them."""
    now = timezone.now()
    commissions = []
    for c in range(count // VERSIONS_PER_SPECIFICATION):
        buyer, missions, places = buyers[c % BUYERS]
        commissions.append(
            (
                Commission(
                    organisation=buyer,
                    title=f"Commission {start + c}",
                    summary="Generated.",
                    spend_category=rng.choice(CATEGORIES),
                ),
                rng.sample(missions, 2),
                rng.sample(places[1:], 2),
            )
        )
    Commission.objects.bulk_create([c for c, _, _ in commissions])
    Commission.missions.through.objects.bulk_create(
        Commission.missions.through(commission_id=c.pk, mission_id=m.pk)
        for c, ms, _ in commissions
        for m in ms
    )
    Commission.places.through.objects.bulk_create(
        Commission.places.through(commission_id=c.pk, place_id=p.pk)
        for c, _, ps in commissions
        for p in ps
    )
    specifications = Specification.objects.bulk_create(
        Specification(commission=c, title=c.title) for c, _, _ in commissions
    )
    versions, tenders, index_rows = [], [], []
    for specification in specifications:
        for number in range(1, VERSIONS_PER_SPECIFICATION + 1):
            body = words(rng, 6, 60)
            versions.append(
                SpecificationVersion(
                    specification=specification,
                    number=number,
                    change_note="Generated.",
                    snapshot={
                        "sections": [
                            {
                                "kind": "background",
                                "heading": "Background",
                                "body": body,
                                "requirements": [],
                            }
                        ]
                    },
                )
            )
    SpecificationVersion.objects.bulk_create(versions, batch_size=5000)
    for i, version in enumerate(versions):
        commission, missions, places = commissions[i // VERSIONS_PER_SPECIFICATION]
        value = Decimal(rng.choice([10_000, 60_000, 150_000, 400_000, 900_000, 3_000_000]))
        tenders.append(
            Tender(
                organisation_id=commission.organisation_id,
                commission=commission,
                specification_version=version,
                reference=f"BENCH-{start + i:06d}",
                title=words(rng, 3, 2).capitalize(),
                summary=words(rng, 4, 20),
                procedure=rng.choice(PROCEDURES),
                status="published",
                estimated_value=value,
                published_at=now,
                submission_deadline=now + timezone.timedelta(days=rng.randint(1, 120)),
            )
        )
    Tender.objects.bulk_create(tenders, batch_size=5000)
    for i, tender in enumerate(tenders):
        commission, missions, places = commissions[i // VERSIONS_PER_SPECIFICATION]
        index_rows.append(
            OpportunityIndex(
                tender=tender,
                organisation_id=tender.organisation_id,
                title=tender.title,
                summary=tender.summary,
                mission_ids=sorted(m.pk for m in missions),
                place_ids=sorted({p.pk for p in places} | {p.parent_id for p in places}),
                spend_category=commission.spend_category,
                estimated_value=tender.estimated_value,
                value_band=value_band_for(tender.estimated_value),
                submission_deadline=tender.submission_deadline,
                procedure=tender.procedure,
                status=tender.status,
                suitable_for_small=suitable_for_small(
                    value=tender.estimated_value, procedure=tender.procedure
                ),
                first_indexed_at=now,
                indexed_at=now,
            )
        )
    OpportunityIndex.objects.bulk_create(index_rows, batch_size=5000)
    with connection.cursor() as cursor:
        fill_search_vectors(cursor)
    # Written in bulk, without the signals: searches kept for the page are out of date.
    search_page.forget_kept_searches()


def searches(buyers: list, rng: random.Random) -> list[OpportunityFilters]:
    """Single words, two-word searches, phrases, and searches with filters, as people type them."""
    made = []
    for n in range(QUERIES):
        buyer, missions, places = buyers[n % BUYERS]
        q = " ".join(rng.sample(TOPIC_WORDS, 1 + n % 2))
        kind = n % 5
        if kind == 0:
            made.append(OpportunityFilters(q=q))
        elif kind == 1:
            made.append(OpportunityFilters(q=q, organisation=buyer.pk))
        elif kind == 2:
            made.append(OpportunityFilters(q=q, place=places[0].pk, small=True))
        elif kind == 3:
            made.append(OpportunityFilters(mission=missions[0].pk, category=rng.choice(CATEGORIES)))
        else:
            made.append(OpportunityFilters(q=f'"{q.split()[0]}" -food', value_band="100k_500k"))
    return made


def time_searches(filters_list: list[OpportunityFilters]) -> tuple[float, float, float]:
    """Median, 95th percentile and mean milliseconds for one page (count + 25 rows)."""
    timings = []
    now = timezone.now()
    for filters in filters_list:
        started = time.perf_counter()
        rows = opportunities_search(filters=filters, now=now)
        # What the page runs: the capped count, then the first page of rows.
        list(CappedPaginator(rows, 25).page(1).object_list)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, statistics.mean(timings)


def main() -> None:
    rng = random.Random(13)
    reset()
    buyers = buyers_with_missions_and_places(rng)
    filters_list = searches(buyers, rng)
    made = 0
    print(
        f"{'tenders':>8} {'median ms':>10} {'p95 ms':>8} {'mean ms':>8}  (over {QUERIES} searches)"
    )
    for size in SIZES:
        started = time.perf_counter()
        add_tenders(size - made, made, buyers, rng)
        built = time.perf_counter() - started
        made = size
        time_searches(filters_list)  # warm the cache, as a running service would be
        median, p95, mean = time_searches(filters_list)
        print(f"{size:>8} {median:>10.1f} {p95:>8.1f} {mean:>8.1f}  (generated in {built:.0f}s)")


if __name__ == "__main__":
    main()
