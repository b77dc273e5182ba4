"""The operator's debarment list: `manage.py debarment add|remove|list`.

Admin is off in production, so this command is how the list is kept. Entries match a
supplier organisation by company number, charity number or exact name.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import DomainError
from procurement import exclusion
from procurement.models import Debarment


class Command(BaseCommand):
    help = "Add to, remove from or list the debarment list."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Put a supplier on the debarment list.")
        add.add_argument("name", help="The supplier's registered name.")
        add.add_argument("--reason", required=True, help="Why it is debarred.")
        add.add_argument("--company-number", default="")
        add.add_argument("--charity-number", default="")
        add.add_argument("--ends-on", default=None, help="Last day of the debarment, YYYY-MM-DD.")
        remove = actions.add_parser("remove", help="Take an entry off the list.")
        remove.add_argument("id", type=int)
        listing = actions.add_parser("list", help="List the entries in force.")
        listing.add_argument("--all", action="store_true", help="Include removed entries.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as error:
            raise CommandError(str(error)) from error

    def _add(self, options: dict[str, Any]) -> None:
        ends_on = None
        if options["ends_on"]:
            try:
                ends_on = datetime.date.fromisoformat(options["ends_on"])
            except ValueError as error:
                raise CommandError("Give --ends-on as YYYY-MM-DD.") from error
        entry = exclusion.debarment_add(
            name=options["name"],
            reason=options["reason"],
            company_number=options["company_number"],
            charity_number=options["charity_number"],
            ends_on=ends_on,
        )
        self.stdout.write(f"Added debarment {entry.pk}: {entry.name}")

    def _remove(self, options: dict[str, Any]) -> None:
        entry = exclusion.debarment_remove(pk=options["id"])
        self.stdout.write(f"Removed debarment {entry.pk}: {entry.name}")

    def _list(self, options: dict[str, Any]) -> None:
        entries = Debarment.objects.all() if options["all"] else exclusion.debarments_in_force()
        for entry in entries.order_by("name", "pk"):
            numbers = ", ".join(
                part
                for part in (
                    f"company {entry.company_number}" if entry.company_number else "",
                    f"charity {entry.charity_number}" if entry.charity_number else "",
                )
                if part
            )
            ends = f" until {entry.ends_on}" if entry.ends_on else ""
            removed = " (removed)" if entry.removed_at else ""
            self.stdout.write(
                f"{entry.pk}\t{entry.name}{f' ({numbers})' if numbers else ''}{ends}{removed}"
                f"\t{entry.reason}"
            )
