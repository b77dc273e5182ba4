"""Demo records for the supplier portal: every public tender findable, and a saved search."""

from __future__ import annotations

from accounts.models import Organisation, User
from dialogue.models import SavedSearch
from dialogue.services import opportunity_index_sync

SAVED_SEARCH_NAME = "Food projects for small organisations"


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Index the demo tenders and give the micro-business supplier a saved search."""
    indexed = opportunity_index_sync()
    lines = [f"Opportunity search: {indexed} tender(s) indexed"]
    supplier = people.get("micro@nibandnettle.example")
    organisation = Organisation.objects.filter(slug="nib-and-nettle").first()
    if supplier is not None and organisation is not None:
        SavedSearch.objects.update_or_create(
            user=supplier,
            name=SAVED_SEARCH_NAME,
            defaults={"organisation": organisation, "query_string": "q=food&small=on"},
        )
        lines.append(f"Saved search “{SAVED_SEARCH_NAME}” for {supplier.email}")
    return lines
