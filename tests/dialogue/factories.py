"""Tenders shaped for search tests: with spec text, missions, places and a category."""

from __future__ import annotations

from typing import Any

from procurement.models import Tender
from tests.procurement.factories import PublishedTenderFactory


def spec_snapshot(body: str = "Text.", requirements: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "sections": [
            {
                "kind": "requirements",
                "heading": "Requirements",
                "body": body,
                "position": 1,
                "requirements": [{"kind": "non_negotiable", "text": text} for text in requirements],
                "outcomes": [],
            }
        ]
    }


def opportunity(
    *,
    spec_body: str = "Text.",
    requirements: tuple[str, ...] = (),
    missions: tuple[Any, ...] = (),
    places: tuple[Any, ...] = (),
    category: str = "",
    **fields: Any,
) -> Tender:
    """A published tender; its commission carries the given missions, places and category."""
    tender = PublishedTenderFactory(
        specification_version__snapshot=spec_snapshot(spec_body, requirements), **fields
    )
    commission = tender.commission
    if category:
        commission.spend_category = category
        commission.save(update_fields=["spend_category"])
    commission.missions.add(*missions)
    commission.places.add(*places)
    return tender
