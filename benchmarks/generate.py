"""Fill a benchmark database with a large council estate, fast.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench \\
        .venv/bin/python -m benchmarks.generate --tenders 100000

At the default scale (the figures a large region of councils reaches in about six years):
50 councils, 5,000 suppliers, 20,000 commissions, 100,000 tenders, 500,000 bids, 20,000
contracts, 1,000,000 check-ins (both sides' stories and relationship ratings for each shared
one), 1,000,000 KPI readings and 200,000 indicator readings. Every tender has its award
criteria (quality, social value and price, with sub-criteria) and three to six questions.
Every other count scales with `--tenders`, so `--tenders 1000` makes a small copy with the
same shape in seconds.

Distributions follow what councils see: most tenders are finished (awarded, a few
cancelled), a few are open or in evaluation; bids per tender vary from none to dozens;
most suppliers are micro or small businesses or voluntary organisations; a contract's
check-ins follow its length, so a few long contracts have hundreds.

Rows go in with PostgreSQL's COPY, with ids chosen here so that related rows can be written
in the same pass, and with foreign-key triggers off for the session (the rows are built
consistent); sequences are moved past the ids at the end. The database is emptied first,
so the script refuses any database not named kindred_bench.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

BENCH_PASSWORD = "kindred-bench"


def _guard() -> None:
    if "kindred_bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a benchmark database named kindred_bench: this empties it.")


class Table:
    """Rows for one model, written with COPY. Ids are handed out here, so a row can name
    a related row before either is written."""

    def __init__(self, model: Any, columns: Sequence[str]) -> None:
        from django.utils import timezone

        self.model = model
        self.columns = list(columns)
        now = timezone.now()
        fixed: dict[str, Any] = {}
        given = set(self.columns) | {"id"}
        for field in model._meta.concrete_fields:
            if field.attname in given:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                fixed[field.column] = now
            elif field.has_default():
                fixed[field.column] = _adapt(field, field.get_default())
            elif field.null:
                fixed[field.column] = None
            elif field.get_internal_type() in ("CharField", "TextField", "SlugField", "FileField"):
                fixed[field.column] = ""
            else:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
        self.fixed_columns = list(fixed)
        self.fixed_values = tuple(fixed.values())
        self.has_id = any(f.attname == "id" for f in model._meta.concrete_fields)
        self.next_id = 1
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, *values: Any) -> int:
        row_id = self.next_id
        self.next_id += 1
        if self.has_id:
            self.rows.append((row_id, *values))
        else:
            self.rows.append(values)
        if len(self.rows) >= 50_000:
            self.flush()
        return row_id

    def flush(self) -> None:
        from django.db import connection

        if not self.rows:
            return
        columns = (["id"] if self.has_id else []) + [
            self.model._meta.get_field(name).column for name in self.columns
        ]
        columns += self.fixed_columns
        sql = "COPY {} ({}) FROM STDIN".format(
            self.model._meta.db_table, ", ".join(f'"{c}"' for c in columns)
        )
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in self.rows:
                copy.write_row(row + self.fixed_values)
        self.written += len(self.rows)
        self.rows = []


def _adapt(field: Any, value: Any) -> Any:
    from psycopg.types.json import Jsonb

    if field.get_internal_type() == "JSONField":
        return Jsonb(value)
    return value


WORDS = (  # noqa: SIM905  (easier to read as prose)
    "food meals hubs pantry allotment garden youth club mentoring housing repairs "
    "insulation homelessness transport buses cycling parks trees flooding care dementia "
    "carers respite loneliness befriending library digital skills training employment "
    "debt advice welfare energy heating nutrition school breakfast holiday sport leisure "
    "arts advocacy wellbeing"
).split()
FILLER = (  # noqa: SIM905  (easier to read as prose)
    "the provider will work with residents partners and the council to deliver services "
    "that improve outcomes across the borough measured each quarter against agreed "
    "indicators"
).split()
STORIES = [
    "Families told us the new hub made the week easier to manage.",
    "Volunteers struggled to cover the Saturday sessions this quarter.",
    "Referrals from the GP surgery doubled after we met the practice team.",
    "The waiting list fell, but older residents still found the online form hard.",
    "We changed the route after drivers said two stops were unsafe in the dark.",
]


def text(rng: random.Random, topic: int, filler: int) -> str:
    chosen = rng.sample(WORDS, topic) + rng.choices(FILLER, k=filler)
    rng.shuffle(chosen)
    return " ".join(chosen)


def generate(*, tenders: int, seed: int = 15, out: Any = sys.stdout) -> dict[str, int]:
    """Empty the database and fill it at the scale of `tenders`. Returns the row counts."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    from accounts.models import Membership, Organisation, User
    from commissioning.models import (
        Commission,
        EvidenceItem,
        Indicator,
        IndicatorReading,
        Mission,
        Need,
        Outcome,
        Place,
        Specification,
        SpecificationVersion,
    )
    from contracts.models import (
        CheckIn,
        CheckInContribution,
        Contract,
        HealthRating,
        Kpi,
        KpiReading,
    )
    from dialogue.models import OpportunityIndex
    from dialogue.services import suitable_for_small, value_band_for
    from procurement.models import Bid, Criterion, Tender, TenderParticipant, TenderQuestion

    scale = tenders / 100_000
    councils = max(2, round(50 * min(1, scale * 4)))
    suppliers = max(20, round(5_000 * scale))
    commissions_n = max(councils, round(20_000 * scale))
    contracts_target = max(councils, round(20_000 * scale))
    rng = random.Random(seed)
    # Questions draw from their own sequence, so the rest of the estate is the same with them.
    question_rng = random.Random(seed + 1)
    now = timezone.now()
    today = timezone.localdate()
    started = time.perf_counter()

    password = make_password(BENCH_PASSWORD)

    def say(message: str) -> None:
        print(f"{time.perf_counter() - started:6.1f}s  {message}", file=out, flush=True)

    t = {
        "user": Table(User, ["email", "full_name", "password", "is_active"]),
        "org": Table(
            Organisation,
            [
                "name",
                "slug",
                "kind",
                "supplier_type",
                "staff_count",
                "postcode",
                "company_number",
                "charity_number",
            ],
        ),
        "member": Table(Membership, ["user_id", "organisation_id", "role"]),
        "mission": Table(
            Mission, ["organisation_id", "title", "statement", "status", "target_date"]
        ),
        "outcome": Table(Outcome, ["mission_id", "title", "position"]),
        "indicator": Table(
            Indicator,
            [
                "outcome_id",
                "name",
                "unit",
                "baseline_value",
                "baseline_date",
                "target_value",
                "target_date",
                "direction",
            ],
        ),
        "reading": Table(IndicatorReading, ["indicator_id", "value", "date", "source"]),
        "place": Table(Place, ["organisation_id", "name", "kind", "parent_id"]),
        "need": Table(Need, ["organisation_id", "title", "description"]),
        "need_missions": Table(Need.missions.through, ["need_id", "mission_id"]),
        "need_places": Table(Need.places.through, ["need_id", "place_id"]),
        "evidence": Table(EvidenceItem, ["need_id", "kind", "summary", "source"]),
        "commission": Table(
            Commission,
            [
                "organisation_id",
                "title",
                "summary",
                "spend_category",
                "budget_min",
                "budget_max",
                "status",
            ],
        ),
        "commission_missions": Table(Commission.missions.through, ["commission_id", "mission_id"]),
        "commission_places": Table(Commission.places.through, ["commission_id", "place_id"]),
        "commission_needs": Table(Commission.needs.through, ["commission_id", "need_id"]),
        "specification": Table(Specification, ["commission_id", "title"]),
        "version": Table(
            SpecificationVersion, ["specification_id", "number", "change_note", "snapshot"]
        ),
        "tender": Table(
            Tender,
            [
                "organisation_id",
                "commission_id",
                "specification_version_id",
                "reference",
                "title",
                "summary",
                "procedure",
                "status",
                "estimated_value",
                "submission_deadline",
                "published_at",
                "winning_bid_id",
                "awarded_at",
                "created_at",
                "updated_at",
            ],
        ),
        "criterion": Table(
            Criterion,
            ["tender_id", "parent_id", "kind", "name", "description", "weight", "position"],
        ),
        "question": Table(
            TenderQuestion,
            ["tender_id", "criterion_id", "text", "guidance", "word_limit", "position"],
        ),
        "participant": Table(TenderParticipant, ["tender_id", "supplier_id"]),
        "bid": Table(Bid, ["tender_id", "supplier_id", "status", "submitted_at"]),
        "index": Table(
            OpportunityIndex,
            [
                "tender_id",
                "organisation_id",
                "title",
                "summary",
                "mission_ids",
                "place_ids",
                "spend_category",
                "estimated_value",
                "value_band",
                "submission_deadline",
                "procedure",
                "status",
                "suitable_for_small",
                "first_indexed_at",
                "indexed_at",
            ],
        ),
        "contract": Table(
            Contract,
            [
                "organisation_id",
                "title",
                "kind",
                "provider_id",
                "provider_name",
                "commission_id",
                "tender_id",
                "value",
                "start_date",
                "end_date",
                "status",
                "contract_manager_id",
                "checkin_cadence_months",
            ],
        ),
        "contract_missions": Table(Contract.missions.through, ["contract_id", "mission_id"]),
        "contract_places": Table(Contract.places.through, ["contract_id", "place_id"]),
        "kpi": Table(Kpi, ["contract_id", "name", "measure", "target", "frequency"]),
        "checkin": Table(CheckIn, ["contract_id", "held_on", "status", "published_at"]),
        "contribution": Table(
            CheckInContribution,
            ["checkin_id", "side", "story", "went_well", "was_hard", "learning", "submitted_at"],
        ),
        "rating": Table(HealthRating, ["contribution_id", "dimension", "score"]),
        "kpi_reading": Table(
            KpiReading, ["kpi_id", "period", "value", "checkin_id", "recorded_at"]
        ),
    }

    # People and organisations ---------------------------------------------------------------
    council_rows = []  # (org id, staff ids by role, mission ids, outcome ids, place ids, need ids)
    for c in range(councils):
        org = t["org"].add(
            f"Council {c}", f"council-{c}", "public_body", "", None, f"NB{c % 9} 1AA", "", ""
        )
        staff = {}
        for role in ("admin", "commissioner", "evaluator", "contract_manager", "viewer"):
            user = t["user"].add(
                f"{role}@council-{c}.example", f"{role.title()} {c}", password, True
            )
            t["member"].add(user, org, role)
            staff[role] = user
        missions, outcomes = [], []
        for m in range(5):
            mission = t["mission"].add(
                org,
                f"Mission {c}-{m}",
                "By 2030 everyone in the borough lives well.",
                "active",
                date(2030, 3, 31),
            )
            missions.append(mission)
            for o in range(3):
                outcome = t["outcome"].add(mission, f"Outcome {c}-{m}-{o}", o)
                outcomes.append(outcome)
                for i in range(2):
                    t["indicator"].add(
                        outcome,
                        f"Indicator {c}-{m}-{o}-{i}",
                        "%",
                        Decimal(40),
                        date(2024, 4, 1),
                        Decimal(70),
                        date(2030, 3, 31),
                        rng.choice(["increase", "decrease"]),
                    )
        area = t["place"].add(org, f"Borough {c}", "authority", None)
        places = [area] + [t["place"].add(org, f"Ward {c}-{w}", "ward", area) for w in range(12)]
        needs = []
        for n in range(max(2, round(100 * min(1, scale * 4)))):
            need = t["need"].add(org, f"Need {c}-{n}: {text(rng, 2, 2)}", text(rng, 4, 20))
            needs.append(need)
            t["need_missions"].add(need, rng.choice(missions))
            t["need_places"].add(need, rng.choice(places[1:]))
            for _ in range(3):
                t["evidence"].add(need, "statement", text(rng, 3, 12), "Resident survey")
        council_rows.append((org, staff, missions, outcomes, places, needs))
    say(f"{councils} councils with missions, outcomes, indicators, places and needs")

    sizes = ["micro"] * 40 + ["small"] * 20 + ["medium"] * 8 + ["large"] * 6 + ["charity"] * 14
    sizes += ["social_enterprise"] * 9 + ["cooperative"] * 3
    supplier_ids = []
    for s in range(suppliers):
        kind = rng.choice(sizes)
        org = t["org"].add(
            f"Supplier {s}",
            f"supplier-{s}",
            "supplier",
            kind,
            {"micro": 6, "small": 30, "medium": 120, "large": 900}.get(kind, 25),
            f"NB{s % 9} 2BB",
            f"{10000000 + s}" if kind in ("micro", "small", "medium", "large") else "",
            f"{1100000 + s}" if kind == "charity" else "",
        )
        user = t["user"].add(f"bids@supplier-{s}.example", f"Bid writer {s}", password, True)
        t["member"].add(user, org, "supplier")
        supplier_ids.append((org, kind))
    say(f"{suppliers} suppliers")

    indicator_ids = range(1, t["indicator"].next_id)
    readings_target = round(200_000 * scale)
    for _ in range(readings_target):
        when = today - timedelta(days=rng.randint(0, 6 * 365))
        t["reading"].add(rng.choice(indicator_ids), Decimal(rng.randint(30, 80)), when, "Survey")
    say(f"{readings_target} indicator readings")

    # Commissions, tenders, bids -------------------------------------------------------------
    statuses = (
        ["awarded"] * 55
        + ["cancelled"] * 5
        + ["published"] * 8
        + ["draft"] * 7
        + ["evaluation"] * 5
        + ["closed"] * 3
        + ["dialogue"] * 3
        + ["standstill"] * 2
        + ["award_decision"] * 2
        + ["final_submissions"] * 2
        + ["ready_to_award"] * 1
    )
    procedures = ["open"] * 6 + ["competitive_flexible"] * 2 + ["below_threshold"] * 3
    categories = ["Food", "Care", "Housing", "Youth", "Transport", "Parks", "Health", "Skills"]
    values = [8_000, 25_000, 60_000, 150_000, 400_000, 900_000, 3_000_000]
    awarded_tenders = []  # (council index, commission, tender, winner, value, missions, places)
    tender_no = 0
    per_commission = max(1, round(tenders / commissions_n))
    for n in range(commissions_n):
        ci = n % councils
        org, staff, missions, outcomes, places, needs = council_rows[ci]
        chosen_missions = rng.sample(missions, rng.choice([1, 1, 2]))
        chosen_places = rng.sample(places[1:], 2)
        category = rng.choice(categories)
        budget = Decimal(rng.choice(values))
        commission = t["commission"].add(
            org,
            f"Commission {n}: {text(rng, 2, 1)}",
            text(rng, 4, 25),
            category,
            budget / 2,
            budget,
            rng.choice(["scoping", "in_procurement", "in_delivery", "in_delivery", "closed"]),
        )
        for m in chosen_missions:
            t["commission_missions"].add(commission, m)
        for p in chosen_places:
            t["commission_places"].add(commission, p)
        t["commission_needs"].add(commission, rng.choice(needs))
        specification = t["specification"].add(commission, f"Specification {n}")
        snapshot = {
            "sections": [
                {
                    "kind": "background",
                    "heading": "Background",
                    "body": text(rng, 6, 60),
                    "requirements": [],
                }
            ]
        }
        version = t["version"].add(specification, 1, "First issue.", Jsonb(snapshot))
        count = per_commission if n < commissions_n - 1 else max(0, tenders - tender_no)
        for _ in range(count):
            if tender_no >= tenders:
                break
            status = rng.choice(statuses)
            procedure = rng.choice(procedures)
            value = Decimal(rng.choice(values))
            age = rng.randint(0, 6 * 365) if status != "published" else rng.randint(0, 30)
            published = None if status == "draft" else now - timedelta(days=age)
            deadline = (
                (now + timedelta(days=rng.randint(3, 60)))
                if status in ("published", "draft", "dialogue", "final_submissions")
                else (published or now) + timedelta(days=30)
            )
            tender_id = t["tender"].next_id
            bids = []
            if status not in ("draft",):
                bidders = min(40, len(supplier_ids), int(rng.expovariate(1 / 6)))
                for supplier, _kind in rng.sample(supplier_ids, bidders):
                    bid_status = (
                        "submitted" if status != "published" else rng.choice(["draft", "submitted"])
                    )
                    if rng.random() < 0.05:
                        bid_status = "withdrawn"
                    t["participant"].add(tender_id, supplier)
                    bid = t["bid"].add(
                        tender_id,
                        supplier,
                        bid_status,
                        None
                        if bid_status == "draft"
                        else deadline - timedelta(hours=rng.randint(1, 200)),
                    )
                    bids.append((bid, supplier, bid_status))
            submitted = [b for b in bids if b[2] == "submitted"]
            winner = rng.choice(submitted) if status == "awarded" and submitted else None
            title = f"{text(rng, 3, 2).capitalize()}"
            summary = text(rng, 4, 20)
            t["tender"].add(
                org,
                commission,
                version,
                f"GEN-{ci}-{tender_no:06d}",
                title,
                summary,
                procedure,
                status,
                value,
                deadline,
                published,
                winner[0] if winner else None,
                (deadline + timedelta(days=40)) if winner else None,
                published or now,
                (published or now) + timedelta(days=rng.randint(0, 60)),
            )
            _criteria_and_questions(t, tender_id, question_rng)
            if status != "draft":
                t["index"].add(
                    tender_id,
                    org,
                    title,
                    summary,
                    sorted(chosen_missions),
                    sorted(set(chosen_places) | {places[0]}),
                    category,
                    value,
                    value_band_for(value),
                    deadline,
                    procedure,
                    status,
                    suitable_for_small(value=value, procedure=procedure),
                    published,
                    now,
                )
            if winner:
                awarded_tenders.append(
                    (
                        ci,
                        commission,
                        tender_id,
                        winner[1],
                        value,
                        chosen_missions,
                        chosen_places,
                        (deadline + timedelta(days=40)).date(),
                    )
                )
            tender_no += 1
    say(f"{commissions_n} commissions, {tender_no} tenders, {t['bid'].next_id - 1} bids")

    # Contracts and check-ins ------------------------------------------------------------------
    rng.shuffle(awarded_tenders)
    checkin_target = round(1_000_000 * scale)
    contracts = awarded_tenders[:contracts_target]
    # Longer contracts have more check-ins: a few carry hundreds, as in a real register.
    weights = [rng.paretovariate(1.6) for _ in contracts]
    total_weight = sum(weights) or 1
    for (ci, commission, tender_id, provider, value, missions, places, start), weight in zip(
        contracts, weights, strict=True
    ):
        org, staff, *_ = council_rows[ci]
        checkins = max(1, round(checkin_target * weight / total_weight))
        months = max(12, checkins * 3 // 2)
        end = start + timedelta(days=months * 30)
        status = "active" if start <= today <= end else ("expired" if end < today else "mobilising")
        contract = t["contract"].add(
            org,
            f"Contract for tender {tender_id}",
            "tendered",
            provider,
            "",
            commission,
            tender_id,
            value,
            start,
            end,
            status,
            staff["contract_manager"],
            3,
        )
        for m in missions:
            t["contract_missions"].add(contract, m)
        for p in places:
            t["contract_places"].add(contract, p)
        kpis = [
            t["kpi"].add(contract, f"KPI {k}", "People helped each quarter", "100", "quarterly")
            for k in range(3)
        ]
        for k in range(checkins):
            held = start + timedelta(days=30 * k * months // max(1, checkins))
            shared = held < today
            checkin = t["checkin"].add(
                contract,
                held,
                "published" if shared else "scheduled",
                datetime.combine(held, datetime.min.time(), tzinfo=now.tzinfo) if shared else None,
            )
            if not shared:
                continue
            stamp = datetime.combine(held, datetime.min.time(), tzinfo=now.tzinfo)
            for side in ("buyer", "provider"):
                contribution = t["contribution"].add(
                    checkin,
                    side,
                    rng.choice(STORIES),
                    "Good partnership working.",
                    rng.choice(["", "Staffing over the holidays."]),
                    "Talk earlier about changes.",
                    stamp,
                )
                for dimension in ("trust", "communication", "shared_purpose", "mutual_benefit"):
                    t["rating"].add(contribution, dimension, rng.randint(2, 5))
            t["kpi_reading"].add(
                kpis[k % 3], f"Q{k % 4 + 1} {held.year}", str(rng.randint(60, 140)), checkin, stamp
            )
    say(f"{len(contracts)} contracts, {t['checkin'].next_id - 1} check-ins")

    for table in t.values():
        table.flush()
    say("written")
    return {name: table.written for name, table in t.items()}


# A tender's award criteria, as most councils weigh them: (kind, name, weight, sub-criteria).
CRITERIA = (
    ("quality", "Quality", 60, (("How you will deliver the service", 50), ("Staffing", 50))),
    ("social_value", "Social value", 20, (("Local jobs and training", 100),)),
    ("price", "Price", 20, ()),
)


def _criteria_and_questions(t: dict[str, Table], tender_id: int, rng: random.Random) -> None:
    """The tender's criteria tree, and three to six questions each scored under one of
    its sub-criteria, as a tender page and a bid show them."""
    scored = []
    for position, (kind, name, weight, subs) in enumerate(CRITERIA):
        top = t["criterion"].add(tender_id, None, kind, name, "", Decimal(weight), position)
        for sub_position, (sub_name, sub_weight) in enumerate(subs):
            scored.append(
                t["criterion"].add(
                    tender_id, top, kind, sub_name, "", Decimal(sub_weight), sub_position
                )
            )
    for position in range(rng.randint(3, 6)):
        t["question"].add(
            tender_id,
            scored[position % len(scored)],
            f"Question {position + 1}: tell us {rng.choice(QUESTION_TOPICS)}.",
            "Say what you will do, who will do it and how you will know it works.",
            rng.choice([250, 500, 750]),
            position,
        )


QUESTION_TOPICS = (
    "how people who use the service will shape it",
    "how you will reach people who do not ask for help",
    "how you will recruit and keep staff",
    "how you will work with local groups",
    "how you will measure the difference you make",
    "how you will keep people safe",
)


def write(*, tenders: int, seed: int = 15) -> dict[str, int]:
    """Generate in one transaction with foreign-key triggers off, then fix sequences and
    build the derived search columns."""
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        counts = generate(tenders=tenders, seed=seed)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
    _after(connection)
    return counts


def _after(connection: Any) -> None:
    from django.apps import apps
    from psycopg import sql

    from benchmarks.search_rows import fill_search_vectors

    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            pk = model._meta.pk
            if pk is None or pk.get_internal_type() not in ("AutoField", "BigAutoField"):
                continue
            cursor.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({table}, {column}), "
                    "COALESCE((SELECT MAX({pk}) FROM {name}), 0) + 1, false)"
                ).format(
                    table=sql.Literal(model._meta.db_table),
                    column=sql.Literal(pk.column),
                    pk=sql.Identifier(pk.column),
                    name=sql.Identifier(model._meta.db_table),
                )
            )
        fill_search_vectors(cursor)
        # Filling the search vectors rewrites every row: vacuum as well as analyse, so the
        # pages meet tables as autovacuum would leave them (no dead rows, and index-only
        # scans that need not visit the table), not a fresh copy that has not caught up.
        cursor.execute("VACUUM ANALYZE")
    # Written with COPY, without the signals: whatever the pages kept is out of date.
    from core import versioned_cache

    versioned_cache.forget_all()


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenders", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(list(argv) if argv is not None else None)
    _guard()
    django.setup()
    started = time.perf_counter()
    counts = write(tenders=args.tenders, seed=args.seed)
    for name, count in counts.items():
        print(f"ROWS {name}={count}")
    print(f"GENERATED tenders={args.tenders} seconds={time.perf_counter() - started:.0f}")


if __name__ == "__main__":
    main()
