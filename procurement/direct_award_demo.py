"""Demo: a published direct award to Northbridge Young Futures, with its transparency
notice and the supplier's submitted offer, waiting for the council's checks. Made through
the services, once: found again by its title."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from commissioning.models import CommissionStatus
from procurement import bid_parts, direct_award, services
from procurement.demo import _commission
from procurement.models import Procedure, Tender

TITLE = "Young carers' respite breaks: winter extension"
SUMMARY = (
    "More respite breaks this winter for young carers, from the charity that runs the "
    "breaks today, so the same staff keep supporting the same children."
)
JUSTIFICATION = (
    "Northbridge Young Futures runs the young carers' breaks now. The children know its "
    "staff, and a new provider part-way through the year would mean new checks, new staff "
    "and broken trust for the children. The extra breaks are the same service for 14 weeks."
)
OFFER = (
    "The same team runs 28 extra Saturday breaks at the Brookside youth centre, with "
    "transport, from December to March."
)


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    if Tender.objects.filter(organisation=council, title=TITLE).exists():
        return []
    owner = people["commissioner@northbridge.example"]
    supplier = Organisation.objects.get(slug="young-futures")
    bidder = people["charity@youngfutures.example"]
    commission, version = _commission(
        council,
        owner,
        "Respite breaks for young carers",
        "Regular breaks for children who care for a parent, brother or sister.",
        CommissionStatus.ROUTE_DECIDED,
    )
    tender = services.tender_create(
        commission=commission,
        specification_version=version,
        title=TITLE,
        summary=SUMMARY,
        procedure=Procedure.DIRECT_AWARD,
        submission_deadline=timezone.now() + datetime.timedelta(days=14),
        estimated_value=Decimal("38000"),
        direct_award_justification=JUSTIFICATION,
        by=owner,
    )
    services.tender_question_add(
        tender=tender,
        text="How will you run the extra breaks, and with which staff?",
        word_limit=300,
        by=owner,
    )
    direct_award.direct_award_set(
        tender=tender,
        supplier=supplier,
        grounds=["additional"],
        justification=JUSTIFICATION,
        by=owner,
    )
    tender.refresh_from_db()
    tender = services.tender_publish(tender=tender, by=owner)
    bid = services.bid_start(tender=tender, supplier=supplier, by=bidder)
    question = tender.questions.get()
    services.bid_save_answers(bid=bid, answers={question.pk: OFFER}, by=bidder)
    bid_parts.price_line_add(
        bid=bid,
        item="28 Saturday breaks with transport",
        quantity=Decimal(28),
        unit_price=Decimal(1300),
        by=bidder,
    )
    services.bid_submit(bid=bid, by=bidder)
    return [f"Direct award {tender.reference} to {supplier}: notice published, offer submitted."]
