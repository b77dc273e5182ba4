"""Demo: a draft tender whose questions ask too much for a small contract, so its page
shows the buyer the bid burden warning (`procurement.burden`). Idempotent: the tender is
found by its title and made once."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from commissioning.models import CommissionStatus
from procurement import services
from procurement.demo import COMMISSIONER, _commission
from procurement.models import Tender

TITLE = "Befriending calls for carers in Eastfield"
SUMMARY = (
    "A weekly phone call for unpaid carers in Eastfield who feel alone, from a trained "
    "volunteer who lives nearby."
)
# Five long answers: 3,000 words for a £60,000 contract, over the 2,000-word limit.
QUESTIONS = [
    "How will you find carers who would like a call and who do not use services today?",
    "How will you recruit, train and support volunteers who live in Eastfield?",
    "How will you keep carers safe, and what will you do if a call raises a worry?",
    "How will you know the calls help carers feel less alone?",
    "How will you create volunteering and jobs for local people?",
]


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    if Tender.objects.filter(organisation=council, title=TITLE).exists():
        return []
    owner = people[COMMISSIONER]
    commission, version = _commission(
        council, owner, TITLE, SUMMARY, CommissionStatus.ROUTE_DECIDED
    )
    tender = services.tender_create(
        commission=commission,
        specification_version=version,
        title=TITLE,
        summary=SUMMARY,
        submission_deadline=timezone.now() + datetime.timedelta(days=45),
        estimated_value=Decimal("60000"),
        documents_requested=3,
        by=owner,
    )
    for text in QUESTIONS:
        services.tender_question_add(tender=tender, text=text, word_limit=600, by=owner)
    return [
        f"Draft tender {tender.reference} asks for 3,000 words for a £60,000 contract: "
        "its page shows the bid burden warning."
    ]
