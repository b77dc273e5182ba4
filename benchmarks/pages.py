"""Key pages under load, each beside a bare view of its one essential query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python -m benchmarks.pages --seconds 10

Run it on data made by `python -m benchmarks.generate` (any `--tenders`). It serves Kindred
with gunicorn (2 sync workers, production settings over plain HTTP on loopback, see
`benchmarks/settings.py`), and for each page runs wrk for `--seconds`, then the page's bare
view (`benchmarks/bare.py`: 25 rows of what the page lists, a trivial template, the same
middleware) for as long, page and bare view alternately. Signed-in pages use a session
made here for a generated person. It prints one line per page:

    PAGE name p50_ms=… p95_ms=… rps=… bare_rps=… ratio=… queries=… kb=…

`ratio` is the page's requests per second over its bare view's (1.0: as cheap as one
query can be); `queries` is the count for one request, taken in-process. wrk is installed
with apt-get if it is missing. The figures are reported, not asserted: query counts that
stay the same at every size are asserted in the tests.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

import django  # noqa: E402

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("P50 %f\\nP95 %f\\nREQUESTS %d\\nSECONDS %f\\nERRORS %d\\nBAD %d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests,
    summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    email: str | None
    bare: str


@dataclass(frozen=True)
class Load:
    p50_ms: float
    p95_ms: float
    rps: float
    errors: int


def _ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def pages() -> list[Page]:
    """The pages the issue names, for the first council and records of typical size (the
    moderated tender is made here, see benchmarks/moderation.py)."""
    from django.db.models import Count

    from accounts.models import Organisation
    from benchmarks.moderation import moderation_tender
    from commissioning.models import Mission
    from contracts.models import Contract
    from procurement.models import Bid, Tender

    council = Organisation.objects.get(slug="council-0")
    mission = Mission.objects.filter(organisation=council).order_by("pk").first()
    evaluated = (
        Tender.objects.filter(organisation=council, status="evaluation")
        .annotate(bid_count=Count("bids"))
        .filter(bid_count__gte=5)
        .order_by("pk")
        .first()
    )
    open_bid = (
        Bid.objects.filter(tender__organisation=council, tender__status="published")
        .select_related("supplier")
        .order_by("pk")
        .first()
    )
    contract = (
        Contract.objects.filter(organisation=council)
        .annotate(checkin_count=Count("checkins"))
        .filter(checkin_count__gte=55, checkin_count__lte=65)
        .order_by("pk")
        .first()
    ) or Contract.objects.filter(organisation=council).order_by("pk").first()
    busiest = (
        Contract.objects.filter(organisation=council)
        .annotate(checkin_count=Count("checkins"))
        .order_by("-checkin_count", "pk")
        .first()
    )
    supplier = f"bids@{open_bid.supplier.slug}.example"
    staff = "commissioner@council-0.example"
    moderated, question = moderation_tender(council)
    return [
        Page("opportunities_anonymous", "/opportunities/", None, "opportunities/0"),
        Page(
            "opportunities_filtered",
            f"/opportunities/?q=food&organisation={council.pk}&small=on",
            None,
            "opportunities/0",
        ),
        Page("tender_buyer", f"/tenders/{evaluated.pk}/", staff, f"tender/{evaluated.pk}"),
        Page(
            "tender_supplier",
            f"/tenders/{open_bid.tender_id}/",
            supplier,
            f"tender/{open_bid.tender_id}",
        ),
        Page("dashboard", "/dashboard/", staff, f"dashboard/{council.pk}"),
        Page("mission", f"/commissioning/missions/{mission.pk}/", staff, f"mission/{mission.pk}"),
        Page(
            "contract_register",
            "/contracts/",
            "contract_manager@council-0.example",
            f"register/{council.pk}",
        ),
        Page(
            "contract_60_checkins", f"/contracts/{contract.pk}/", staff, f"contract/{contract.pk}"
        ),
        # The longest-running contract: its page should cost what the 60 check-in one does.
        Page(
            "contract_most_checkins",
            f"/contracts/{busiest.pk}/",
            staff,
            f"contract/{busiest.pk}",
        ),
        Page(
            "moderation_50x20x3",
            f"/tenders/{moderated.pk}/evaluation/questions/{question.pk}/",
            staff,
            f"moderation/{question.pk}",
        ),
    ]


def session_cookie(email: str | None) -> str:
    if email is None:
        return ""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def queries_and_size(page: Page) -> tuple[int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    if page.email:
        client.force_login(User.objects.get(email=page.email))
    client.get(page.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    if response.status_code != 200:
        sys.exit(f"{page.name}: {page.url} answered {response.status_code}")
    return len(captured.captured_queries), len(response.content)


def load(wrk: str, url: str, cookie: str, seconds: int, script: str, connections: int) -> Load:
    command = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        script,
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures = dict(re.findall(r"^([A-Z0-9]+) ([\d.]+)$", out, re.MULTILINE))
    requests = float(figures["REQUESTS"])
    return Load(
        p50_ms=float(figures["P50"]),
        p95_ms=float(figures["P95"]),
        rps=requests / float(figures["SECONDS"]),
        errors=int(figures["ERRORS"]) + int(figures["BAD"]),
    )


def serve(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not start")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args(argv)
    if "kindred_bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to the benchmark database, kindred_bench.")
    wrk = _ensure_wrk()
    django.setup()
    chosen = [p for p in pages() if not args.only or p.name in args.only.split(",")]
    measured = [(page, *queries_and_size(page), session_cookie(page.email)) for page in chosen]
    base = f"http://127.0.0.1:{args.port}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    server = serve(args.port, args.workers)
    try:
        for page, queries, size, cookie in measured:
            bare_url = f"{base}/__bare/{page.bare}/"
            for url in (base + page.url, bare_url):  # warm both before timing
                load(wrk, url, cookie, 1, script.name, 1)
            real = load(wrk, base + page.url, cookie, args.seconds, script.name, args.connections)
            bare = load(wrk, bare_url, cookie, args.seconds, script.name, args.connections)
            ratio = real.rps / bare.rps if bare.rps else 0
            errors = f" errors={real.errors + bare.errors}" if real.errors + bare.errors else ""
            print(
                f"PAGE {page.name} p50_ms={real.p50_ms:.1f} p95_ms={real.p95_ms:.1f} "
                f"rps={real.rps:.1f} bare_rps={bare.rps:.1f} ratio={ratio:.2f} "
                f"queries={queries} kb={size / 1024:.0f}{errors}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        os.unlink(script.name)


if __name__ == "__main__":
    main()
