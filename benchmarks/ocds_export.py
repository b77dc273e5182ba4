"""How long the bulk OCDS export takes, and how much memory it needs, as processes grow.

Run against a database of its own, which it fills (and empties first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench \\
        .venv/bin/python benchmarks/ocds_export.py --processes 1000 10000

For each size it generates that many awarded tenders with bulk_create, each with what a
real one publishes: three criteria, three opened bids from suppliers of different types,
a contract with two KPIs and two readings each, and a social value promise with a verified
return. Then it runs `manage.py ocds_export` in a child process, as an operator would, and
reports the time, the releases written, the file size and the child's peak memory (its
maximum resident set size). It reports figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "bench" not in os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]:
    sys.exit(
        "Set DATABASE_URL to a benchmark database (its name containing 'bench'): this script empties it."
    )

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Organisation  # noqa: E402
from commissioning.models import Commission, Specification, SpecificationVersion  # noqa: E402
from contracts.models import Contract, ContractKind, Kpi, KpiReading  # noqa: E402
from procurement.models import Bid, BidStatus, Criterion, Tender, TenderStatus  # noqa: E402
from social_value.models import Commitment, DeliveryReturn, Measure  # noqa: E402

BATCH = 2_000
SUPPLIER_TYPES = ["small", "charity", "large", "micro", "social_enterprise", "medium"]


def reset() -> None:
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procurement_tender, contracts_contract, commissioning_specificationversion, "
            "commissioning_specification, commissioning_commission, accounts_organisation CASCADE"
        )


def fill(processes: int) -> None:
    """`processes` awarded tenders, made in batches so memory stays small here too."""
    buyer = Organisation.objects.create(name="Bench Council", slug="bench", kind="public_body")
    suppliers = Organisation.objects.bulk_create(
        Organisation(
            name=f"Supplier {n}",
            slug=f"supplier-{n}",
            kind="supplier",
            supplier_type=SUPPLIER_TYPES[n % len(SUPPLIER_TYPES)],
            company_number=f"{n:08d}",
        )
        for n in range(60)
    )
    commission = Commission.objects.create(organisation=buyer, title="Bench", summary="Bench.")
    specification = Specification.objects.create(commission=commission, title="Bench")
    version = SpecificationVersion.objects.create(
        specification=specification, number=1, change_note="First.", snapshot={}
    )
    measure = Measure.objects.order_by("pk").first()
    now = timezone.now()
    deadline = now - datetime.timedelta(days=90)
    made = 0
    while made < processes:
        size = min(BATCH, processes - made)
        with transaction.atomic():
            tenders = Tender.objects.bulk_create(
                Tender(
                    organisation=buyer,
                    commission=commission,
                    specification_version=version,
                    reference=f"BENCH-{made + n}",
                    title=f"Bench tender {made + n}",
                    summary="Services for residents, bought for the benchmark.",
                    submission_deadline=deadline,
                    estimated_value=Decimal("100000"),
                    status=TenderStatus.AWARDED,
                    published_at=deadline - datetime.timedelta(days=30),
                    bids_opened_at=deadline + datetime.timedelta(hours=2),
                    award_decided_at=deadline + datetime.timedelta(days=20),
                    awarded_at=deadline + datetime.timedelta(days=35),
                )
                for n in range(size)
            )
            Criterion.objects.bulk_create(
                Criterion(tender=t, kind=kind, name=kind.replace("_", " ").title(), weight=w)
                for t in tenders
                for kind, w in (("quality", 60), ("social_value", 20), ("price", 20))
            )
            bids = Bid.objects.bulk_create(
                Bid(tender=t, supplier=suppliers[(i * 3 + b) % 60], status=BidStatus.SUBMITTED)
                for i, t in enumerate(tenders)
                for b in range(3)
            )
            winners = bids[::3]
            for tender, winner in zip(tenders, winners, strict=True):
                tender.winning_bid = winner
            Tender.objects.bulk_update(tenders, ["winning_bid"])
            contracts = Contract.objects.bulk_create(
                Contract(
                    organisation=buyer,
                    title=t.title,
                    kind=ContractKind.TENDERED,
                    provider_id=w.supplier_id,
                    tender=t,
                    value=Decimal("95000"),
                    start_date=deadline.date() + datetime.timedelta(days=40),
                    end_date=deadline.date() + datetime.timedelta(days=770),
                )
                for t, w in zip(tenders, winners, strict=True)
            )
            kpis = Kpi.objects.bulk_create(
                Kpi(
                    contract=c,
                    name=f"KPI {k}",
                    measure="Share of visits on time",
                    target="95%",
                    frequency="quarterly",
                )
                for c in contracts
                for k in range(2)
            )
            KpiReading.objects.bulk_create(
                KpiReading(kpi=kpi, period=f"Quarter {q}", value=f"{90 + q}%")
                for kpi in kpis
                for q in range(2)
            )
            commitments = Commitment.objects.bulk_create(
                Commitment(contract=c, measure=measure, quantity=Decimal("12")) for c in contracts
            )
            DeliveryReturn.objects.bulk_create(
                DeliveryReturn(
                    commitment=c,
                    period="Year 1",
                    due_date=deadline.date(),
                    status="verified",
                    quantity_delivered=Decimal("10"),
                    reviewed_at=now,
                )
                for c in commitments
            )
        made += size


def export(path: Path) -> tuple[float, int]:
    """Runs the export command in a child; (seconds, child's peak memory in MB)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "ocds_export", str(path)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    # ru_maxrss of children is in KB on Linux, and is the peak of the largest child so far:
    # run the sizes smallest first, so each figure is that size's own.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "kindred-ocds-bench.json"
    )
    args = parser.parse_args()
    print(
        f"{'processes':>10} {'fill s':>8} {'export s':>9} {'releases':>9} {'MB file':>8} {'peak MB':>8}"
    )
    for processes in sorted(args.processes):
        reset()
        started = time.perf_counter()
        fill(processes)
        filled = time.perf_counter() - started
        seconds, peak = export(args.out)
        with args.out.open(encoding="utf-8") as handle:
            releases = sum(line.count('{"ocid"') for line in handle)
        size = args.out.stat().st_size / 1_000_000
        print(
            f"{processes:>10,} {filled:>8.1f} {seconds:>9.1f} {releases:>9,} {size:>8.1f} {peak:>8}",
            flush=True,
        )


if __name__ == "__main__":
    main()
