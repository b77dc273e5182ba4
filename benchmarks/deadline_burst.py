"""Bids at the last minute: many suppliers submitting as the deadline approaches.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python -m benchmarks.deadline_burst --suppliers 200 --window 60

It adds to the benchmark database one open tender (three questions) whose deadline falls
`--window` seconds after the burst starts, and `--suppliers` supplier organisations, each
with a person signed in and a current exclusion declaration. Kindred is served by gunicorn
(as in `benchmarks/pages.py`); each supplier, at a random moment in the window, opens its
bid page over HTTP (for the form's CSRF token) and submits its answers, as a browser would.
A further `--late` suppliers try once the deadline has passed. At most `--concurrency`
requests are in flight at once, so the run is bounded in count and time.

It prints one line:

    BURST suppliers=… accepted=… missed_deadline=… late_refused=…/… errors=… stored_once=yes after_deadline=0 p50_ms=… p95_ms=…

`missed_deadline` counts suppliers who pressed submit in the window but whose request
reached Kindred after the deadline (refused with the reason, as they must be); `errors` counts answers that were neither the bid page after a submission nor the form
with a refusal (5xx, timeouts, a lost connection); `stored_once` checks that every
supplier has exactly one submitted bid; `after_deadline` counts bids stamped after it.
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

import django  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANSWER = "We will run sessions on each estate with residents, and report every quarter."


@dataclass(frozen=True)
class Supplier:
    organisation_id: int
    cookie: str


@dataclass(frozen=True)
class Outcome:
    accepted: bool
    refused: bool
    seconds: float


def prepare(
    *, suppliers: int, late: int, deadline: datetime.datetime
) -> tuple[int, list[int], list[Supplier]]:
    """The tender, its questions and the suppliers, each with a signed-in session."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Membership, Organisation, User
    from benchmarks.pages import session_cookie
    from tests.procurement.factories import (
        ExclusionDeclarationFactory,
        PublishedTenderFactory,
        TenderQuestionFactory,
    )

    stamp = int(time.time())
    password = make_password("kindred-bench")  # hashed once: the sessions are made here
    council = Organisation.objects.create(
        name=f"Burst council {stamp}", slug=f"burst-{stamp}", kind="public_body"
    )
    tender = PublishedTenderFactory(
        organisation=council,
        submission_deadline=deadline,
        clarification_deadline=None,
        title="Last-minute bids",
        reference=f"BURST-{stamp}",
    )
    questions = [TenderQuestionFactory(tender=tender, position=n).pk for n in range(3)]
    made = []
    for n in range(suppliers + late):
        organisation = Organisation.objects.create(
            name=f"Burst supplier {stamp}-{n}",
            slug=f"burst-{stamp}-{n}",
            kind="supplier",
            supplier_type="small",
        )
        user = User.objects.create(email=f"bids-{stamp}-{n}@burst.example", password=password)
        Membership.objects.create(user=user, organisation=organisation, role="supplier")
        ExclusionDeclarationFactory(supplier=organisation)
        made.append(Supplier(organisation.pk, session_cookie(user.email)))
    return tender.pk, questions, made


def submit(base: str, tender_id: int, questions: list[int], supplier: Supplier) -> Outcome:
    """Open the bid page for its token, then submit every answer, as a browser does."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Cookie", supplier.cookie)]
    url = f"{base}/tenders/{tender_id}/bid/"
    started = time.perf_counter()
    try:
        with opener.open(url, timeout=60) as response:
            page = response.read().decode()
            csrf_cookie = response.headers.get("Set-Cookie", "")
        token_match = CSRF.search(page)
        if not token_match:
            return Outcome(False, "not open for bids" in page, time.perf_counter() - started)
        cookie = supplier.cookie
        found = re.search(r"csrftoken=([^;]+)", csrf_cookie)
        if found:
            cookie += f"; csrftoken={found.group(1)}"
        data = {f"answer_{pk}": ANSWER for pk in questions}
        data.update(csrfmiddlewaretoken=token_match.group(1), action="submit")
        request = urllib.request.Request(  # noqa: S310 (loopback)
            url,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Cookie": cookie, "Referer": url},
        )
        started = time.perf_counter()
        no_redirects = urllib.request.build_opener(_NoRedirect)
        try:
            with no_redirects.open(request, timeout=60) as response:
                body = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        seconds = time.perf_counter() - started
        if status == 302:
            return Outcome(True, False, seconds)
        refused = status in (200, 403) and "There is a problem" in body
        return Outcome(False, refused, seconds)
    except (OSError, urllib.error.URLError):
        return Outcome(False, False, time.perf_counter() - started)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--late", type=int, default=10)
    parser.add_argument("--window", type=int, default=60, help="seconds before the deadline")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args(argv)
    if "kindred_bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to the benchmark database, kindred_bench.")
    django.setup()
    from django.utils import timezone

    from benchmarks.pages import serve
    from procurement.models import Bid, Tender

    tender_id, questions, suppliers = prepare(
        suppliers=args.suppliers,
        late=args.late,
        deadline=timezone.now() + datetime.timedelta(days=1),
    )
    server = serve(args.port, 2)
    # The deadline is set once everything is ready, so setting up never eats the window.
    deadline = timezone.now().replace(microsecond=0) + datetime.timedelta(seconds=args.window + 2)
    Tender.objects.filter(pk=tender_id).update(submission_deadline=deadline)
    base = f"http://127.0.0.1:{args.port}"
    start = deadline.timestamp() - args.window
    rng = random.Random(7)
    on_time, late = suppliers[: args.suppliers], suppliers[args.suppliers :]
    # Everyone aims for the window; the last second before the deadline is the busiest.
    moments = [start + args.window * min(1.0, rng.betavariate(3, 1)) - 1 for _ in on_time]
    moments += [deadline.timestamp() + 2 + n * 0.1 for n in range(len(late))]
    results: list[tuple[bool, Outcome]] = []
    lock = threading.Lock()

    def one(supplier: Supplier, moment: float, is_late: bool) -> None:
        time.sleep(max(0.0, moment - time.time()))
        outcome = submit(base, tender_id, questions, supplier)
        with lock:
            results.append((is_late, outcome))

    try:
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            for supplier, moment, is_late in sorted(
                zip(suppliers, moments, [False] * len(on_time) + [True] * len(late), strict=True),
                key=lambda item: item[1],
            ):
                pool.submit(one, supplier, moment, is_late)
    finally:
        server.terminate()
        server.wait(timeout=30)

    in_time = [outcome for is_late, outcome in results if not is_late]
    too_late = [outcome for is_late, outcome in results if is_late]
    errors = sum(1 for o in results if not o[1].accepted and not o[1].refused)
    accepted = sum(1 for o in in_time if o.accepted)
    # Sent before the deadline but reached the server after it: refused, as they must be.
    missed = sum(1 for o in in_time if o.refused)
    late_refused = sum(1 for o in too_late if o.refused and not o.accepted)
    bids = Bid.objects.filter(tender_id=tender_id, status="submitted")
    per_supplier = {}
    for supplier_id in bids.values_list("supplier_id", flat=True):
        per_supplier[supplier_id] = per_supplier.get(supplier_id, 0) + 1
    stored_once = all(count == 1 for count in per_supplier.values()) and len(per_supplier) == (
        accepted + sum(1 for o in too_late if o.accepted)
    )
    after = bids.filter(submitted_at__gt=deadline).count()
    timings = sorted(o.seconds * 1000 for _, o in results if o.accepted)
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)] if timings else 0
    print(
        f"BURST suppliers={args.suppliers} accepted={accepted} missed_deadline={missed} "
        f"late_refused={late_refused}/{len(too_late)} errors={errors} "
        f"stored_once={'yes' if stored_once else 'no'} after_deadline={after} "
        f"p50_ms={statistics.median(timings) if timings else 0:.0f} p95_ms={p95:.0f}"
    )


if __name__ == "__main__":
    main()
