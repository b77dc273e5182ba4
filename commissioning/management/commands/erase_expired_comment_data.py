"""`manage.py erase_expired_comment_data`: run the public comments' retention sweep now.

Beat runs it every hour; an operator runs it by hand after lowering the retention
settings, or to see what it does. Safe to run twice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from commissioning.public_voice import privacy


class Command(BaseCommand):
    help = (
        "Delete public comments never confirmed and erase email addresses kept past "
        "PUBLIC_COMMENT_UNCONFIRMED_DAYS / PUBLIC_COMMENT_EMAIL_DAYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = privacy.comment_data_erase_expired()
        self.stdout.write(
            f"Deleted {result.deleted} comments never confirmed (after "
            f"{settings.PUBLIC_COMMENT_UNCONFIRMED_DAYS} days); erased {result.erased} email "
            f"addresses (after {settings.PUBLIC_COMMENT_EMAIL_DAYS} days)."
        )
