"""Demo: two direct awards, made through the services, once (found again by their titles).

- To Northbridge Young Futures: published, with its transparency notice and the supplier's
  submitted offer, waiting for the council's checks.
- To Nib & Nettle: checked and decided, with its contract award notice published after the
  transparency notice, so it is in standstill.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
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


@dataclass(frozen=True)
class DirectAwardSpec:
    title: str
    summary: str
    justification: str
    grounds: list[str]
    value: Decimal
    days_to_offer: int
    commission: tuple[str, str]  # title and summary
    question: str
    supplier_slug: str
    bidder_email: str
    offer: str
    price: tuple[str, Decimal, Decimal]  # item, quantity, unit price


def _published_with_offer(
    council: Organisation, people: dict[str, User], spec: DirectAwardSpec
) -> tuple[Tender, Organisation, User]:
    """A direct award published (so with its transparency notice) and the named supplier's
    offer submitted, all through the services."""
    owner = people["commissioner@northbridge.example"]
    supplier = Organisation.objects.get(slug=spec.supplier_slug)
    bidder = people[spec.bidder_email]
    commission, version = _commission(
        council, owner, *spec.commission, CommissionStatus.ROUTE_DECIDED
    )
    tender = services.tender_create(
        commission=commission,
        specification_version=version,
        title=spec.title,
        summary=spec.summary,
        procedure=Procedure.DIRECT_AWARD,
        submission_deadline=timezone.now() + datetime.timedelta(days=spec.days_to_offer),
        estimated_value=spec.value,
        direct_award_justification=spec.justification,
        by=owner,
    )
    services.tender_question_add(tender=tender, text=spec.question, word_limit=300, by=owner)
    direct_award.direct_award_set(
        tender=tender,
        supplier=supplier,
        grounds=spec.grounds,
        justification=spec.justification,
        by=owner,
    )
    tender.refresh_from_db()
    tender = services.tender_publish(tender=tender, by=owner)
    bid = services.bid_start(tender=tender, supplier=supplier, by=bidder)
    question = tender.questions.get()
    services.bid_save_answers(bid=bid, answers={question.pk: spec.offer}, by=bidder)
    item, quantity, unit_price = spec.price
    bid_parts.price_line_add(
        bid=bid, item=item, quantity=quantity, unit_price=unit_price, by=bidder
    )
    services.bid_submit(bid=bid, by=bidder)
    return tender, supplier, owner


def _waiting_for_checks(council: Organisation, people: dict[str, User]) -> list[str]:
    if Tender.objects.filter(organisation=council, title=TITLE).exists():
        return []
    spec = DirectAwardSpec(
        title=TITLE,
        summary=SUMMARY,
        justification=JUSTIFICATION,
        grounds=["additional"],
        value=Decimal("38000"),
        days_to_offer=14,
        commission=(
            "Respite breaks for young carers",
            "Regular breaks for children who care for a parent, brother or sister.",
        ),
        question="How will you run the extra breaks, and with which staff?",
        supplier_slug="young-futures",
        bidder_email="charity@youngfutures.example",
        offer=OFFER,
        price=("28 Saturday breaks with transport", Decimal(28), Decimal(1300)),
    )
    tender, supplier, _ = _published_with_offer(council, people, spec)
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
    spec = DirectAwardSpec(
        title=DECIDED_TITLE,
        summary=DECIDED_SUMMARY,
        justification=DECIDED_JUSTIFICATION,
        grounds=["urgency"],
        value=Decimal("21000"),
        days_to_offer=3,
        commission=(
            "Food for flooded homes in Riverside",
            "Families in Riverside cannot cook at home or reach the community kitchens.",
        ),
        question="How will you get parcels to every flooded home this week?",
        supplier_slug="nib-and-nettle",
        bidder_email="micro@nibandnettle.example",
        offer="Two vans, six drivers, parcels packed at our depot.",
        price=("Food parcels, delivered", Decimal(600), Decimal(32)),
    )
    tender, supplier, owner = _published_with_offer(council, people, spec)
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
