"""How long the bulk OCDS export takes, and how much memory it needs, as processes grow.

Two ways to run it. On a database of its own, which it fills (and empties first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench \\
        .venv/bin/python benchmarks/ocds_export.py --processes 1000 10000

For each size it generates that many awarded tenders with bulk_create, each with what a
real one publishes: three criteria, three opened bids from suppliers of different types,
a contract with two KPIs and two readings each, and a social value promise with a verified
return. Then it runs `manage.py ocds_export` in a child process, as an operator would.

Or on a large estate made by `benchmarks.generate` (100,000 tenders in every state, with
their bids, contracts and a million KPI readings), left as it is (`--existing`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench_copy \\
        .venv/bin/python benchmarks/ocds_export.py --existing --processes 1000 10000 all

Each size N exports the first N public processes in a child process, through the same
stream and snapshot as the command; `all` runs `manage.py ocds_export` itself.

Either way it reports the time, the processes and releases written, the file size and
the child's peak memory (its maximum resident set size). It reports figures; it asserts
nothing.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
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


def export(path: Path, processes: int | None = None) -> tuple[float, int]:
    """Runs the export in a child: the command for every process, or the first
    `processes` only; (seconds, child's peak memory in MB)."""
    started = time.perf_counter()
    if processes is None:
        command = [sys.executable, str(ROOT / "manage.py"), "ocds_export", str(path)]
    else:
        command = [sys.executable, __file__, "--first", str(processes), "--out", str(path)]
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    # ru_maxrss of children is in KB on Linux, and is the peak of the largest child so far:
    # run the sizes smallest first, so each figure is that size's own.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return seconds, peak


def export_first(processes: int, path: Path) -> None:
    """In the child: the package of the first `processes` public processes, written as
    `ocds_export` writes the whole one (the same stream, in the same snapshot)."""
    from open_data.ocds import iter_processes
    from open_data.ocds_packages import release_package_stream, snapshot

    with snapshot(), path.open("w", encoding="utf-8") as handle:
        first = itertools.islice(iter_processes(), processes)
        for piece in release_package_stream(first, uri="benchmark"):
            handle.write(piece)


def written(path: Path) -> tuple[int, int]:
    """(processes, releases) in a package written by the export: one release a line."""
    ocids = set()
    releases = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            start = line.find('{"ocid":"')
            if start >= 0:
                releases += 1
                ocids.add(line[start + 9 : line.index('"', start + 9)])
    return len(ocids), releases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", nargs="+", default=["1000", "10000"])
    parser.add_argument(
        "--existing",
        action="store_true",
        help="Export the database as it is (made by benchmarks.generate): never empty it.",
    )
    parser.add_argument("--first", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "kindred-ocds-bench.json"
    )
    args = parser.parse_args()
    if args.first is not None:
        export_first(args.first, args.out)
        return
    print(
        f"{'processes':>10} {'fill s':>8} {'export s':>9} {'releases':>9} {'MB file':>8} "
        f"{'peak MB':>8} {'load':>5}"
    )
    # Smallest first: a child's peak memory is read as the largest of all children so far.
    sizes = sorted(args.processes, key=lambda size: float("inf") if size == "all" else int(size))
    for size in sizes:
        filled = 0.0
        if not args.existing:
            reset()
            started = time.perf_counter()
            fill(int(size))
            filled = time.perf_counter() - started
        every = size == "all" or not args.existing
        seconds, peak = export(args.out, None if every else int(size))
        processes, releases = written(args.out)
        megabytes = args.out.stat().st_size / 1_000_000
        print(
            f"{processes:>10,} {filled:>8.1f} {seconds:>9.1f} {releases:>9,} {megabytes:>8.1f} "
            f"{peak:>8} {os.getloadavg()[0]:>5.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
