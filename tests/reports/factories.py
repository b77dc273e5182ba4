"""Tenders with a full specification and questions, as a tender pack shows them."""

from __future__ import annotations

from typing import Any

from procurement.models import Procedure, TenderStatus
from tests.commissioning.factories import MissionFactory
from tests.procurement.factories import TenderFactory, TenderQuestionFactory

SECTIONS = [
    {
        "kind": "background",
        "heading": "Why this service matters",
        "body": "People on the Northbridge estates tell us fresh food is hard to find.\n"
        "Many walk over a mile to a shop that sells vegetables.",
    },
    {
        "kind": "outcomes",
        "heading": "Outcomes we want to see",
        "body": "More families eat fresh food every week.\n\n<b>Tags</b> stay as text.",
    },
]


def make_tender(organisation: Any, *, status: str = TenderStatus.PUBLISHED, **fields: Any):
    tender = TenderFactory(
        organisation=organisation,
        title=fields.pop("title", "Community food hubs on three estates"),
        procedure=Procedure.COMPETITIVE_FLEXIBLE,
        estimated_value=fields.pop("estimated_value", "1250000"),
        specification_version__snapshot={"sections": SECTIONS},
        **fields,
    )
    # Status is not editable through forms; tests set it directly.
    type(tender).objects.filter(pk=tender.pk).update(status=status)
    tender.refresh_from_db()
    tender.commission.missions.add(MissionFactory(organisation=organisation))
    TenderQuestionFactory(
        tender=tender, text="How will you work with residents?", guidance="Give examples."
    )
    TenderQuestionFactory(tender=tender, text="How will you pay a living wage?", word_limit=300)
    return tender
