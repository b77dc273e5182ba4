"""How long the evaluation report takes to make, at 50 bidders, 20 questions and 3 evaluators.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench_report \\
        .venv/bin/python -m benchmarks.evaluation_report

It builds tenders in evaluation, every answer scored by every evaluator and moderated to a
consensus (with notes where the evaluators were 2 points or more apart, and a few
concerns), then makes each one's evaluation report as the worker does
(`reports.services.report_render`: context, HTML, WeasyPrint, page count, file) and
prints one line per case:

    REPORT case=… bidders=… questions=… evaluators=… pages=… seconds=… per_page=…
           cpu_s=… cpu_per_page=… context_s=… html_s=… queries=… load=…

`seconds` is the wall clock of the whole task; `cpu_s` the process's own CPU time, which
on this shared machine stays near a quiet run's wall clock; `load` the 1-minute load
average while it ran (2 cores: above 2, the figures were taken under load).

The cases are the large tender (`--bidders 50 --questions 20 --evaluators 3`) and a
smaller one (`--small 17x20x3`) that makes a report of about 50 pages. A worker imports
WeasyPrint and loads its fonts once in its life, so one small report is made first,
untimed. It deletes only the tenders it made on an earlier run, but refuses a database
whose name lacks "kindred_bench". It reports figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

REFERENCE_PREFIX = "BENCH-REPORT-"

STRENGTHS = [
    "The answer names the estates and the partners already working there.",
    "Clear plan for recruiting local volunteers, with a named coordinator.",
    "Evidence from a similar service in a neighbouring borough, with figures.",
    "Sets out how residents will shape the menu and opening hours.",
    "Shows how referrals from GPs and housing officers will reach the hubs.",
    "A costed training offer for staff, including food hygiene and safeguarding.",
    "Good account of how people with little English will be welcomed.",
    "Realistic timetable for the first three months, with milestones.",
]
GAPS = [
    "Little on how the service will run at weekends.",
    "The risk of losing the lease on the second site is not addressed.",
    "Measures of success are vague after the first year.",
    "Does not say who owns the relationship with the food bank.",
    "The answer runs close to the word limit and repeats itself.",
    "No detail on how complaints are handled.",
    "Relies on one member of staff for all safeguarding decisions.",
    "The accessibility of the third venue is not explained.",
]


@dataclass
class Case:
    name: str
    bidders: int
    questions: int
    evaluators: int


def _sentence(rng: random.Random, score: int, max_score: int) -> str:
    good = rng.choice(STRENGTHS)
    gap = rng.choice(GAPS)
    if score >= max_score - 1:
        return f"{good} {rng.choice(STRENGTHS)}"
    if score <= 1:
        return f"{gap} {rng.choice(GAPS)}"
    return f"{good} {gap}"


def build_tender(
    *,
    bidders: int,
    questions: int,
    evaluators: int,
    seed: int = 6,
    reference: str | None = None,
) -> Any:
    """A tender in evaluation, every answer scored by every evaluator on the panel and
    moderated to a consensus; a few answers with concerns. Rows go in with bulk_create:
    this builds the records the report reads, not the path a person takes to them."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Membership, Organisation, User
    from procurement.models import (
        Bid,
        BidAnswer,
        BidStatus,
        Concern,
        ConsensusScore,
        PanelMember,
        PriceLine,
        Score,
        TenderQuestion,
    )
    from tests.procurement.factories import TenderFactory

    rng = random.Random(seed)
    now = timezone.now()
    reference = reference or f"{REFERENCE_PREFIX}{bidders}x{questions}x{evaluators}"
    with transaction.atomic():
        council, _ = Organisation.objects.get_or_create(
            slug="bench-report-council",
            defaults={"name": "Bench Report Borough Council", "kind": "public_body"},
        )
        manager, _ = User.objects.get_or_create(
            email="commissioner@bench-report.example", defaults={"full_name": "Asha Commissioner"}
        )
        Membership.objects.get_or_create(user=manager, organisation=council, role="commissioner")
        panel_people = []
        for number in range(1, evaluators + 1):
            person, _ = User.objects.get_or_create(
                email=f"evaluator{number}@bench-report.example",
                defaults={"full_name": f"Evaluator {number} Okafor"},
            )
            panel_people.append(person)
        tender = TenderFactory(
            organisation=council,
            reference=reference,
            title=f"Community food hubs: {bidders} bidders, {questions} questions",
            status="evaluation",
            submission_deadline=now - timedelta(days=10),
            published_at=now - timedelta(days=40),
            bids_opened_at=now - timedelta(days=9),
            bids_opened_by=manager,
            created_by=manager,
        )
        quality = tender.criteria.get(kind="quality", parent=None)
        social = tender.criteria.get(kind="social_value", parent=None)
        social_count = max(1, questions // 4)
        asked = TenderQuestion.objects.bulk_create(
            TenderQuestion(
                tender=tender,
                text=(
                    f"How will you deliver part {number} of the service for residents "
                    "of the three estates, and how will you show it is working?"
                ),
                word_limit=500,
                position=number,
                criterion=social if number > questions - social_count else quality,
            )
            for number in range(1, questions + 1)
        )
        suppliers = []
        for number in range(1, bidders + 1):
            supplier, _ = Organisation.objects.get_or_create(
                slug=f"bench-report-supplier-{number}",
                defaults={"name": f"Supplier {number:02d} Community Interest Company"},
            )
            suppliers.append(supplier)
        bids = Bid.objects.bulk_create(
            Bid(
                tender=tender,
                supplier=supplier,
                status=BidStatus.SUBMITTED,
                submitted_at=now - timedelta(days=11, minutes=number),
            )
            for number, supplier in enumerate(suppliers)
        )
        PriceLine.objects.bulk_create(
            PriceLine(
                bid=bid,
                item="Running the hubs for three years",
                unit_price=Decimal(rng.randrange(380_000, 520_000)),
            )
            for bid in bids
        )
        BidAnswer.objects.bulk_create(
            BidAnswer(bid=bid, question=question, text="Our answer.")
            for bid in bids
            for question in asked
        )
        PanelMember.objects.bulk_create(
            PanelMember(
                tender=tender,
                evaluator=person,
                added_by=manager,
                declared_at=now - timedelta(days=9),
                declared_bidders=[supplier.name for supplier in suppliers],
                scores_submitted_at=now - timedelta(days=3),
            )
            for person in panel_people
        )
        max_score = tender.max_score
        scores, consensus, concerns = [], [], []
        for bid in bids:
            # Evaluators mostly agree to within a point of what a bid deserves; about one
            # answer in five has scores 2 or more points apart, as moderation sees.
            merit = rng.randint(1, max_score - 1)
            for question in asked:
                given = [
                    min(max_score, max(0, merit + rng.choice([-1, 0, 0, 0, 1, 1])))
                    for _ in panel_people
                ]
                if rng.random() < 0.12:
                    given[rng.randrange(len(given))] = max(0, merit - 2)
                for person, score in zip(panel_people, given, strict=True):
                    scores.append(
                        Score(
                            bid=bid,
                            question=question,
                            evaluator=person,
                            score=score,
                            rationale=_sentence(rng, score, max_score),
                        )
                    )
                agreed = round(sum(given) / len(given))
                spread = max(given) - min(given)
                consensus.append(
                    ConsensusScore(
                        bid=bid,
                        question=question,
                        score=agreed,
                        rationale=(
                            f"{_sentence(rng, agreed, max_score)} "
                            f"The panel agreed {agreed} after reading the answer together."
                        ),
                        moderation_note=(
                            "The panel discussed the difference in scores and the evidence "
                            "cited before agreeing."
                            if spread >= 2
                            else ""
                        ),
                        moderated_by=manager,
                    )
                )
                if rng.random() < 0.05:
                    concerns.append(
                        Concern(
                            bid=bid,
                            question=question,
                            raised_by=rng.choice(panel_people),
                            text=rng.choice(GAPS),
                        )
                    )
        Score.objects.bulk_create(scores, batch_size=2000)
        ConsensusScore.objects.bulk_create(consensus, batch_size=2000)
        Concern.objects.bulk_create(concerns)
    tender.refresh_from_db()
    return tender


def _clear_earlier_runs() -> None:
    from procurement.models import Tender, TenderQuestion
    from reports.models import Report

    earlier = list(
        Tender.objects.filter(reference__startswith=REFERENCE_PREFIX).values_list("pk", flat=True)
    )
    for report in Report.objects.filter(
        kind="evaluation_report", target_id__in=[str(pk) for pk in earlier]
    ):
        report.file.delete(save=False)
        report.delete()
    # Questions first: a criterion cannot go while a question is scored under it.
    TenderQuestion.objects.filter(tender_id__in=earlier).delete()
    Tender.objects.filter(pk__in=earlier).delete()


def time_report(tender: Any) -> dict[str, Any]:
    """Make the tender's evaluation report as the worker does, timing its parts."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from procurement.report_kinds import EVALUATION_REPORT
    from reports import services
    from reports.models import Report

    report = Report.objects.create(
        organisation=tender.organisation,
        requested_by=User.objects.get(email="commissioner@bench-report.example"),
        kind=EVALUATION_REPORT.code,
        title=EVALUATION_REPORT.title(tender)[:200],
        target_type=ContentType.objects.get_for_model(tender),
        target_id=str(tender.pk),
    )
    # Reading the records and writing the HTML, on their own (they are quick) ...
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        context = EVALUATION_REPORT.build_context(tender)
        context_s = time.perf_counter() - started
    started = time.perf_counter()
    render_to_string(EVALUATION_REPORT.template_name, {"report": report, **context})
    html_s = time.perf_counter() - started
    # ... then the whole, as the task runs it. CPU seconds are this process's own: on a
    # shared machine they stay near what a quiet run takes while the wall clock stretches.
    load = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    made = services.report_render(report_id=report.pk)
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    if made.error:
        sys.exit(f"The report failed: {made.error}")
    return {
        "pages": made.page_count,
        "seconds": seconds,
        "per_page": seconds / made.page_count,
        "cpu_s": cpu_s,
        "cpu_per_page": cpu_s / made.page_count,
        "context_s": context_s,
        "html_s": html_s,
        "queries": len(queries),
        "load": max(load, os.getloadavg()[0]),
        "file": made.file.path,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bidders", type=int, default=50)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--evaluators", type=int, default=3)
    parser.add_argument(
        "--small",
        default="17x20x3",
        help="bidders x questions x evaluators of the about-50-page case ('' to skip)",
    )
    args = parser.parse_args(argv)
    if "kindred_bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a benchmark database named kindred_bench_…")
    django.setup()

    _clear_earlier_runs()
    cases = [Case("large", args.bidders, args.questions, args.evaluators)]
    if args.small:
        bidders, questions, evaluators = (int(part) for part in args.small.split("x"))
        cases.append(Case("about_50_pages", bidders, questions, evaluators))
    # A worker's first report pays for importing WeasyPrint and loading fonts, once.
    time_report(build_tender(bidders=2, questions=2, evaluators=2, reference="BENCH-REPORT-WARM"))
    for case in cases:
        tender = build_tender(
            bidders=case.bidders, questions=case.questions, evaluators=case.evaluators
        )
        figures = time_report(tender)
        print(
            f"REPORT case={case.name} bidders={case.bidders} questions={case.questions} "
            f"evaluators={case.evaluators} pages={figures['pages']} "
            f"seconds={figures['seconds']:.2f} per_page={figures['per_page']:.3f} "
            f"cpu_s={figures['cpu_s']:.2f} cpu_per_page={figures['cpu_per_page']:.3f} "
            f"context_s={figures['context_s']:.2f} html_s={figures['html_s']:.2f} "
            f"queries={figures['queries']} load={figures['load']:.1f}",
            flush=True,
        )
        print(f"  file: {figures['file']}", flush=True)


if __name__ == "__main__":
    main()
