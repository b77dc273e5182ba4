"""Demo: people with lived experience on two evaluation panels. Pat, who came home from
hospital last winter, scored how the bidders for home-from-hospital support would work
with the people they support (the tender still in evaluation: declared, scores saved but
not yet sent). Jordan, a parent whose children go to holiday clubs, scored the holiday
activities tender's questions about families and local jobs; their scores were moderated
with the evaluators' before the award. Neither holds a role at the council.

Idempotent: people are found by email, seats by tender and person, scores by bid,
question and person.
"""

from __future__ import annotations

import datetime
import os

from allauth.account.models import EmailAddress

from accounts.models import Organisation, User
from procurement.models import (
    Bid,
    BidStatus,
    PanelKind,
    PanelMember,
    Score,
    Tender,
)

# (email, name, tender reference, question positions, scores sent, scores per bid in the
# order the bids were made, reasons per score)
MEMBERS = [
    (
        "pat.lewis@example.com",
        "Pat Lewis",
        "NBC-2026-0101",
        [2],
        False,
        [4, 3, 2],
    ),
    (
        "jordan.reid@example.com",
        "Jordan Reid",
        "NBC-2026-0102",
        [2, 3],
        True,
        [5, 3, 2],
    ),
]
REASONS = {
    5: "This is how I would want my family to be treated. They ask us first.",
    4: "They talk about listening to people, and give a real example.",
    3: "It sounds fine, but I could not tell who I would talk to if something went wrong.",
    2: "It is mostly about the organisation, not about the people it helps.",
}


def _person(email: str, name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(os.environ.get("DEMO_PASSWORD", "kindred-demo"))
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    summary = []
    commissioner = people.get("commissioner@northbridge.example")
    for email, name, reference, positions, sent, scores in MEMBERS:
        tender = Tender.objects.filter(organisation=council, reference=reference).first()
        if tender is None or tender.bids_opened_at is None:
            continue
        user = _person(email, name)
        declared = tender.bids_opened_at + datetime.timedelta(hours=2)
        bids = list(Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED).order_by("pk"))
        seat, _ = PanelMember.objects.update_or_create(
            tender=tender,
            evaluator=user,
            defaults={
                "kind": PanelKind.LIVED_EXPERIENCE,
                "added_by": commissioner,
                "declared_at": declared,
                "has_conflict": False,
                "declared_bidders": sorted(bid.supplier.name for bid in bids),
                "scores_submitted_at": declared + datetime.timedelta(days=2) if sent else None,
            },
        )
        questions = list(tender.questions.filter(position__in=positions))
        seat.questions.set(questions)
        for bid, score in zip(bids, scores, strict=False):
            for question in questions:
                Score.objects.update_or_create(
                    bid=bid,
                    question=question,
                    evaluator=user,
                    defaults={"score": score, "rationale": REASONS[score]},
                )
        summary.append(
            f"{name} (lived experience, no council role) scored {len(questions)} question(s) "
            f"of {reference}; signs in as {email}."
        )
    return summary
