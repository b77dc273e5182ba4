"""Tenders shaped for search tests: with spec text, missions, places and a category."""

from __future__ import annotations

from typing import Any

from procurement.models import Tender
from tests.commissioning.factories import CommissionFactory
from tests.factories import OrganisationFactory
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
    """A published tender; its commission carries the given missions, places and category.

    The commission is complete before the tender is saved, as in the service, so the
    search row built when the tender is saved sees all of it.
    """
    organisation = fields.pop("organisation", None) or OrganisationFactory()
    commission = CommissionFactory(organisation=organisation, spend_category=category)
    commission.missions.add(*missions)
    commission.places.add(*places)
    return PublishedTenderFactory(
        organisation=organisation,
        commission=commission,
        specification_version__snapshot=spec_snapshot(spec_body, requirements),
        **fields,
    )
