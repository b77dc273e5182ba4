"""`manage.py seed_demo`: load the Northbridge Council demo. Safe to run twice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from home import demo_data


class Command(BaseCommand):
    help = "Load the Northbridge Council demo data (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load demo data even with DEBUG off (never do this on a live service).",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo adds demo people with a known password. It runs only with DEBUG on, "
                "or with --force."
            )
        with transaction.atomic():
            summary = demo_data.load()
        for line in summary:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
