"""Write one OCDS release package to a file: every public process, or one by its ocid.

    python manage.py ocds_export releases.json
    python manage.py ocds_export one.json --ocid ocds-kndred-tender-3

Streams: releases are written as they are built, a chunk of processes at a time, so
memory stays flat however many processes there are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from open_data.ocds import parse_ocid, process
from open_data.ocds_packages import bulk_release_package


class Command(BaseCommand):
    help = "Write the OCDS release package of every public process (or one, with --ocid) to PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The file to write (replaced if it exists).")
        parser.add_argument("--ocid", help="Only this contracting process.")

    def handle(self, *args: Any, path: Path, ocid: str | None, **options: Any) -> None:
        if ocid is not None and (parse_ocid(ocid) is None or process(ocid) is None):
            raise CommandError(f"No public contracting process has the ocid {ocid!r}.")
        releases = 0
        with path.open("w", encoding="utf-8") as handle:
            for piece in bulk_release_package(ocid=ocid):
                handle.write(piece)
                releases += piece.startswith(('{"ocid"', ",\n{"))
        self.stdout.write(f"Wrote {releases} release{'s' if releases != 1 else ''} to {path}.")
