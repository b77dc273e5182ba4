"""`manage.py learning_index`: rebuild the learning index and embed it here and now.

The worker does this by itself (on every change, and hourly); the command is for a new
installation, after loading data, or after installing pgvector (`--pgvector`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from learning import services, vectors
from learning.pgvector import add_vector_column


class Command(BaseCommand):
    help = "Rebuild the learning index from its sources and embed what changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--pgvector",
            action="store_true",
            help="Add the pgvector column and HNSW index, if the server now has the extension.",
        )

    def handle(self, *args: Any, pgvector: bool = False, **options: Any) -> None:
        if pgvector:
            if add_vector_column(connection=connection):
                vectors.forget_pgvector()
                self.stdout.write("The pgvector column and its HNSW index are in place.")
            else:
                self.stdout.write("This PostgreSQL server has no pgvector extension.")
        started = time.perf_counter()
        changed = services.lesson_index_sync()
        embedded = services.lessons_embed_pending()
        self.stdout.write(
            f"{changed} lessons new or changed, {embedded} embedded, "
            f"in {time.perf_counter() - started:.1f} s."
        )
