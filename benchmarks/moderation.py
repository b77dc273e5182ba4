"""The tender that the page benchmark moderates: 50 bidders x 20 questions x 3 evaluators,
every answer scored, every panel member's scores submitted, so the moderation page shows
each bid's three scores and a consensus form.

The generator's tenders have no questions or scores, and adding them to every tender in
evaluation would slow it for nothing; the page benchmark makes this one tender (once: it
is found again by its reference on the next run) for the first council, from its generated
people, suppliers and one of its commissions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from procurement.models import (
    Bid,
    BidAnswer,
    BidStatus,
    Criterion,
    CriterionKind,
    PanelMember,
    Score,
    Tender,
    TenderQuestion,
    TenderStatus,
)

REFERENCE = "BENCH-MODERATION-50x20x3"
BIDDERS = 50
QUESTIONS = 20
EVALUATORS = ("evaluator", "commissioner", "admin")


@transaction.atomic
def moderation_tender(council: Organisation) -> tuple[Tender, TenderQuestion]:
    """The benchmark's tender in evaluation and its first question, made if missing."""
    existing = Tender.objects.filter(reference=REFERENCE).first()
    if existing is not None:
        return existing, existing.questions.order_by("position", "pk").first()
    like = Tender.objects.filter(organisation=council).order_by("pk").first()
    now = timezone.now()
    commissioner = User.objects.get(email=f"commissioner@{council.slug}.example")
    tender = Tender.objects.create(
        organisation=council,
        commission_id=like.commission_id,
        specification_version_id=like.specification_version_id,
        reference=REFERENCE,
        title="Community transport for health appointments (benchmark)",
        summary="Door-to-door transport for residents who cannot use buses.",
        status=TenderStatus.EVALUATION,
        estimated_value=Decimal("1200000"),
        submission_deadline=now - timedelta(days=10),
        published_at=now - timedelta(days=40),
        bids_opened_at=now - timedelta(days=9),
        bids_opened_by=commissioner,
        created_by=commissioner,
    )
    quality = Criterion.objects.create(
        tender=tender, kind=CriterionKind.QUALITY, name="Quality", weight=Decimal(100)
    )
    questions = TenderQuestion.objects.bulk_create(
        TenderQuestion(
            tender=tender,
            text=f"Question {n + 1}: how will you deliver this part of the service?",
            position=n,
            criterion=quality,
        )
        for n in range(QUESTIONS)
    )
    suppliers = Organisation.objects.filter(kind="supplier").order_by("pk")[:BIDDERS]
    bids = Bid.objects.bulk_create(
        Bid(
            tender=tender,
            supplier=supplier,
            status=BidStatus.SUBMITTED,
            submitted_at=now - timedelta(days=11),
        )
        for supplier in suppliers
    )
    BidAnswer.objects.bulk_create(
        BidAnswer(bid=bid, question=question, text="We will run it with local drivers. " * 20)
        for bid in bids
        for question in questions
    )
    evaluators = [User.objects.get(email=f"{role}@{council.slug}.example") for role in EVALUATORS]
    PanelMember.objects.bulk_create(
        PanelMember(
            tender=tender,
            evaluator=person,
            added_by=commissioner,
            declared_at=now - timedelta(days=9),
            scores_submitted_at=now - timedelta(days=2),
        )
        for person in evaluators
    )
    Score.objects.bulk_create(
        Score(
            bid=bid,
            question=question,
            evaluator=person,
            score=(bid.pk + question.pk + index) % 6,
            rationale="The answer shows how the service would work, with some gaps.",
        )
        for bid in bids
        for question in questions
        for index, person in enumerate(evaluators)
    )
    return tender, questions[0]
