"""How well and how fast past learning is found.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench_lessons \\
        .venv/bin/python benchmarks/lessons.py            # recall@5, three lines
    ... benchmarks/lessons.py --speed                     # and speed at 100,000 texts
    ... benchmarks/lessons.py --speed --reuse             # time the panel again, on the
                                                          # texts the last run left

It empties its database (it refuses one whose name lacks "kindred_bench"), loads the
Northbridge demo, and asks for each demo lesson in other words
(`tests/learning/recall_pairs.py`, where no query shares a word with its lesson),
printing recall@5 by meaning alone, hybrid (meaning and full text) and full text alone.

With --speed it then adds generated texts, owned by 20 councils, up to 100,000 rows;
times embedding the first 10,000 with the worker's own code
(`learning.services.lessons_embed_pending`, model load included); and times the panel
as a browser asks for it (an htmx GET of the panel through Django, the demo council's
commissioner signed in) for 50 queries, after one warm-up round, as a running service
would be. It reports figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
if "kindred_bench" not in os.environ.get("DATABASE_URL", ""):
    sys.exit(
        "Set DATABASE_URL to a benchmark database named kindred_bench_…: this script empties it."
    )

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Organisation, User  # noqa: E402
from commissioning.models import Commission  # noqa: E402
from learning import services, vectors  # noqa: E402
from learning.models import LessonKind, LessonText  # noqa: E402
from tests.learning.recall_pairs import PAIRS, recall_at  # noqa: E402

TOTAL = 100_000
EMBED_TIMED = 10_000
COUNCILS = 20
QUERIES = 50

SUBJECTS = [
    "Residents",
    "Young people",
    "Older people",
    "Parents",
    "Tenants",
    "Carers",
    "Volunteers",
    "The provider",
    "Small charities",
    "Caretakers",
    "Mentors",
    "Families",
]
PROBLEMS = [
    "stopped coming when the bus route changed",
    "found the forms too long",
    "could not reach the hub in the evening",
    "lost trust after repairs were missed",
    "asked for more say in decisions",
    "struggled with rising energy bills",
    "needed interpreters at the sessions",
    "waited months for a named contact",
    "were put off by jargon in the letters",
    "said the service closed too early",
    "could not afford travel to training",
    "felt blamed for damp in their homes",
]
FIXES = [
    "Moving sessions to weekends helped.",
    "A shorter form doubled sign-ups.",
    "Paying in advance kept them going.",
    "A named officer rebuilt confidence.",
    "Smaller patches built relationships.",
    "It did not work and we stopped it.",
    "Free passes raised attendance.",
    "Plain words brought more people in.",
]
PLACES = [
    "on the Kestrel estate",
    "in Riverside",
    "in Hollowgate",
    "across the borough",
    "in the town centre",
    "at the community centre",
    "in Castle ward",
    "in Millfield",
]


def reset_and_seed() -> None:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    vectors.forget_cache()
    from home import demo_data

    with transaction.atomic():
        demo_data.load()


def recall() -> None:
    council = Organisation.objects.get(slug="northbridge").pk
    for label, mode in (("semantic", "semantic"), ("hybrid", "hybrid"), ("full-text", "fulltext")):
        value, _ = recall_at([council], mode)
        print(f"{label} recall@5 {value:.2f}")
    print(f"({len(PAIRS)} queries)")


def add_texts(rng: random.Random, count: int, councils: list[int]) -> None:
    now = timezone.now()
    rows = []
    for n in range(count):
        text = f"{rng.choice(SUBJECTS)} {rng.choice(PROBLEMS)} {rng.choice(PLACES)}. {rng.choice(FIXES)}"
        rows.append(
            LessonText(
                source_key=f"bench:{n}",
                kind=rng.choice(LessonKind.values),
                organisation_id=rng.choice(councils),
                is_public=rng.random() < 0.1,
                did_not_work=rng.random() < 0.4,
                title=text.split(".")[0][:80],
                text=text,
                source_label="Generated",
                dated=(now - timezone.timedelta(days=rng.randrange(1500))).date(),
                text_hash=f"bench-{n}",
                indexed_at=now,
            )
        )
    for start in range(0, len(rows), 5000):
        LessonText.objects.bulk_create(rows[start : start + 5000])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE learning_lessontext SET search_vector = "
            "setweight(to_tsvector('english', title), 'A') || "
            "setweight(to_tsvector('english', text), 'B') WHERE search_vector IS NULL"
        )


def speed(*, reuse: bool = False) -> None:
    rng = random.Random(16)
    if not reuse:
        fill_and_embed(rng)
    time_panel(rng)


def fill_and_embed(rng: random.Random) -> None:
    demo = Organisation.objects.get(slug="northbridge")
    councils = [demo.pk] + [
        Organisation.objects.create(
            name=f"Council {n}", slug=f"bench-council-{n}", kind="public_body"
        ).pk
        for n in range(COUNCILS - 1)
    ]
    add_texts(rng, TOTAL - LessonText.objects.count(), councils)
    # The demo already embedded its own rows; time the worker on the next 10,000.
    started = time.perf_counter()
    embedded = services.lessons_embed_pending(limit=EMBED_TIMED)
    took = time.perf_counter() - started
    print(
        f"embedding {embedded} texts on the worker: {took:.1f} s ({embedded / took:.0f} a second)"
    )
    services.lessons_embed_pending()
    print(
        f"stored texts: {LessonText.objects.count()}, embedded: "
        f"{LessonText.objects.filter(embedding__isnull=False).count()}"
    )


def time_panel(rng: random.Random) -> None:
    client = Client()
    client.force_login(User.objects.get(email="commissioner@northbridge.example"))
    commission = Commission.objects.get(title__startswith="Tackling damp")
    url = reverse("learning:learned_before", args=[commission.pk])
    queries = [query for query, _ in PAIRS][:QUERIES]
    queries += [
        f"{rng.choice(SUBJECTS)} {rng.choice(PROBLEMS)}" for _ in range(QUERIES - len(queries))
    ]

    def round_of() -> list[float]:
        times = []
        for query in queries:
            started = time.perf_counter()
            response = client.get(url, {"q": query}, headers={"HX-Request": "true"})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        return times

    started = time.perf_counter()
    round_of()  # warm: the model and the vector matrix load once per process
    print(
        f"first round, loading the model and {LessonText.objects.count()} vectors: "
        f"{time.perf_counter() - started:.1f} s"
    )
    times = sorted(round_of())
    p95 = times[int(len(times) * 0.95) - 1]
    backend = "pgvector (HNSW)" if vectors.pgvector_enabled() else "numpy"
    print(
        f"panel at {LessonText.objects.count()} texts ({backend}): median "
        f"{statistics.median(times):.0f} ms, p95 {p95:.0f} ms over {len(times)} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    arguments = parser.parse_args()
    if arguments.reuse:
        call_command("migrate", verbosity=0)
    else:
        reset_and_seed()
        recall()
    if arguments.speed:
        speed(reuse=arguments.reuse)


if __name__ == "__main__":
    main()
