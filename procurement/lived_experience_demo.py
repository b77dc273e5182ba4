"""Demo: people with lived experience on two evaluation panels. Pat, who came home from
hospital last winter, scored how the bidders for home-from-hospital support would work
with the people they support (the tender still in evaluation: declared, scores saved but
not yet sent). Jordan, a parent whose children go to holiday clubs, scored the holiday
activities tender's questions about families and local jobs; their scores were moderated
with the evaluators' before the award. Neither holds a role at the council. Sam, asked
to join the home-from-hospital panel too, has not yet set up an account from the emailed
link, so the evaluation page offers the commissioner a new link.

Idempotent: people are found by email, seats by tender and person, scores by bid,
question and person.
"""

from __future__ import annotations

import datetime
import os

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Organisation, User
from procurement.lived_experience import new_invitation_link
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
    summary += _invited(council, commissioner)
    return summary


INVITED = ("sam.okafor@example.com", "Sam Okafor", "NBC-2026-0101", [2])


def _invited(council: Organisation, commissioner: User | None) -> list[str]:
    """A member asked to join who has not yet set up an account: no password, and a link
    emailed today (so nothing more is sent) that works for 14 days."""
    email, name, reference, positions = INVITED
    tender = Tender.objects.filter(organisation=council, reference=reference).first()
    if tender is None or tender.bids_opened_at is None:
        return []
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=name)
    if user.has_usable_password():
        return []  # they have set up their account since
    token, expires_at = new_invitation_link()
    seat, created = PanelMember.objects.get_or_create(
        tender=tender,
        evaluator=user,
        defaults={
            "kind": PanelKind.LIVED_EXPERIENCE,
            "added_by": commissioner,
            "invitation_token": token,
            "invitation_expires_at": expires_at,
            "invitation_sent_at": timezone.now(),
        },
    )
    if created:
        seat.questions.set(tender.questions.filter(position__in=positions))
    return [f"{name} was asked to join the {reference} panel and has not set up an account yet."]
