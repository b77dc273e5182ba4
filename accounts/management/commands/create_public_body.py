"""`manage.py create_public_body NAME --admin EMAIL`: how a council joins Kindred.

Anyone may register a supplier, but only an operator of the installation adds a public
body, because its people may publish tenders and open bids.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from accounts.services import public_body_create
from core.errors import DomainError


class Command(BaseCommand):
    help = "Add a public body (a council or other buyer) and name its first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The public body's name, e.g. 'Northbridge Council'.")
        parser.add_argument(
            "--admin",
            required=True,
            dest="admin_email",
            help="Email of its first administrator: added at once if they have an account, "
            "otherwise invited by email.",
        )
        parser.add_argument("--slug", help="Short name for addresses (default: from the name).")

    def handle(self, *args: Any, name: str, admin_email: str, slug: str | None, **options: Any):
        slug = slug or slugify(name)[:80]
        if not name.strip() or not slug:
            raise CommandError("Give the public body a name.")
        try:
            organisation, outcome = public_body_create(
                name=name.strip(), slug=slug, admin_email=admin_email
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Created {organisation} ({organisation.slug}). {outcome}")
        )
