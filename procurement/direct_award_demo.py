"""Demo: two direct awards, made through the services, once (found again by their titles).

- To Northbridge Young Futures: published, with its transparency notice and the supplier's
  submitted offer, waiting for the council's checks.
- To Nib & Nettle: checked and decided, with its contract award notice published after the
  transparency notice, so it is in standstill.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from commissioning.models import CommissionStatus
from procurement import award_notices, bid_parts, direct_award, services
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
    return _waiting_for_checks(council, people) + _in_standstill(council, people)


def _waiting_for_checks(council: Organisation, people: dict[str, User]) -> list[str]:
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


DECIDED_TITLE = "Emergency food parcels after the Riverside flood"
DECIDED_SUMMARY = (
    "Food parcels delivered to families in Riverside whose homes flooded, for six weeks, "
    "while the community kitchens are closed."
)
DECIDED_JUSTIFICATION = (
    "The Riverside flood closed both community kitchens overnight. Families need food this "
    "week; a competition would take two months. Nib & Nettle already delivers food in "
    "Riverside and can start at once."
)
CHECK_NOTES = {
    "exclusion": "Checked their declaration and the debarment list: no ground applies.",
    "conflicts": "No officer on the decision has links with Nib & Nettle.",
    "value_for_money": "The price per parcel is below what we paid in the last emergency.",
    "capacity": "They have the van, the drivers and food hygiene certificates.",
}


def _in_standstill(council: Organisation, people: dict[str, User]) -> list[str]:
    if Tender.objects.filter(organisation=council, title=DECIDED_TITLE).exists():
        return []
    owner = people["commissioner@northbridge.example"]
    supplier = Organisation.objects.get(slug="nib-and-nettle")
    bidder = people["micro@nibandnettle.example"]
    commission, version = _commission(
        council,
        owner,
        "Food for flooded homes in Riverside",
        "Families in Riverside cannot cook at home or reach the community kitchens.",
        CommissionStatus.ROUTE_DECIDED,
    )
    tender = services.tender_create(
        commission=commission,
        specification_version=version,
        title=DECIDED_TITLE,
        summary=DECIDED_SUMMARY,
        procedure=Procedure.DIRECT_AWARD,
        submission_deadline=timezone.now() + datetime.timedelta(days=3),
        estimated_value=Decimal("21000"),
        direct_award_justification=DECIDED_JUSTIFICATION,
        by=owner,
    )
    services.tender_question_add(
        tender=tender,
        text="How will you get parcels to every flooded home this week?",
        word_limit=300,
        by=owner,
    )
    direct_award.direct_award_set(
        tender=tender,
        supplier=supplier,
        grounds=["urgency"],
        justification=DECIDED_JUSTIFICATION,
        by=owner,
    )
    tender.refresh_from_db()
    tender = services.tender_publish(tender=tender, by=owner)
    bid = services.bid_start(tender=tender, supplier=supplier, by=bidder)
    services.bid_save_answers(
        bid=bid,
        answers={tender.questions.get().pk: "Two vans, six drivers, parcels packed at our depot."},
        by=bidder,
    )
    bid_parts.price_line_add(
        bid=bid,
        item="Food parcels, delivered",
        quantity=Decimal(600),
        unit_price=Decimal(32),
        by=bidder,
    )
    services.bid_submit(bid=bid, by=bidder)
    tender = direct_award.direct_award_checks_record(
        tender=tender,
        checks={name: (True, CHECK_NOTES[name]) for name, _ in direct_award.CHECKS},
        rationale="The only supplier who can deliver this week, at a fair price.",
        by=owner,
    )
    draft = award_notices.award_notice_draft(tender=tender)
    notice = award_notices.award_notice_publish(tender=tender, summary=draft.summary, by=owner)
    return [
        f"Direct award {tender.reference} to {supplier}: decided, contract award notice "
        f"{notice.reference} published, in standstill."
    ]
